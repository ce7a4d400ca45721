/** A product of the app's catalog. */
export interface Product {
  id: string;
  name: string;
  price: number;
  blurb: string;
}

/** The app's products; a route's `:id` is looked up here and never put into the page as it came. */
export const PRODUCTS: Product[] = [
  { id: 'tent', name: 'Ridgeline 2P tent', price: 249, blurb: 'Two doors, two vestibules, 1.6 kg on the trail.' },
  { id: 'pack', name: 'Traverse 45 L pack', price: 159, blurb: 'A frame that carries 15 kg without complaint.' },
  { id: 'stove', name: 'Ember canister stove', price: 59, blurb: 'Boils a litre in three minutes, folds to a fist.' },
  { id: 'shell', name: 'Squall rain shell', price: 189, blurb: 'Three layers, pit zips, a hood that turns with you.' },
];

/** The product with this id, if there is one. */
export const findProduct = (id: string | undefined): Product | undefined => PRODUCTS.find((p) => p.id === id);

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
/** `$249`. */
export const formatPrice = (price: number): string => money.format(price);
