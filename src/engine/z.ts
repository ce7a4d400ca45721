import * as z from 'zod/mini';

// No code generation: seglet runs under a CSP without 'unsafe-eval', and zod's probe for `new Function`
// would itself be reported as a violation there.
z.config({ jitless: true });

export { z };
