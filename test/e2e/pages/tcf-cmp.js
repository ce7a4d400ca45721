// A small IAB TCF v2.2 CMP for tests, in two parts as real ones ship:
// - tcfCmp.stub(): the standard stub. It defines __tcfapi, which queues calls until the CMP loads (answering
//   `ping` itself), adds the hidden `__tcfapiLocator` frame by which scripts in other frames find the CMP, and
//   answers their `{ __tcfapiCall }` messages through __tcfapi with `{ __tcfapiReturn }` messages.
// - tcfCmp.load(options): the CMP itself. It takes the stub's queue over and answers `ping`,
//   `addEventListener`, `removeEventListener` and `getTCData` with TCData objects; tcfCmp.decide(options)
//   is the visitor's choice in its banner (eventStatus `useractioncomplete` to every listener).
// options: { gdprApplies (default true), purposes: [ids with consent], publisher: [ids], decided (default true) }
(function () {
  function stub() {
    if (typeof window.__tcfapi === 'function') return;
    var queue = [];
    var gdprApplies;
    (function addLocator() {
      if (window.frames.__tcfapiLocator) return;
      if (!document.body) return void setTimeout(addLocator, 5);
      var frame = document.createElement('iframe');
      frame.style.display = 'none';
      frame.name = '__tcfapiLocator';
      document.body.appendChild(frame);
    })();
    window.__tcfapi = function (command, version, callback, parameter) {
      if (!arguments.length) return queue;
      if (command === 'setGdprApplies') gdprApplies = parameter;
      else if (command === 'ping') callback({ gdprApplies: gdprApplies, cmpLoaded: false, cmpStatus: 'stub' }, true);
      else queue.push([command, version, callback, parameter]);
    };
    window.addEventListener('message', function (event) {
      var json = typeof event.data === 'string';
      var data;
      try {
        data = json ? JSON.parse(event.data) : event.data;
      } catch (e) {
        return;
      }
      var call = data && data.__tcfapiCall;
      if (!call) return;
      window.__tcfapi(call.command, call.version, function (returnValue, success) {
        var answer = { __tcfapiReturn: { returnValue: returnValue, success: success, callId: call.callId } };
        // The specification lets a CMP answer as a JSON string (some answer so whatever they were sent).
        event.source.postMessage(json || window.tcfAnswerAsJson ? JSON.stringify(answer) : answer, '*');
      }, call.parameter);
    });
  }

  var state;
  var listeners = {};
  var nextId = 0;

  function flags(ids) {
    var out = {};
    for (var i = 1; i <= 11; i++) out[i] = (ids || []).indexOf(i) >= 0;
    return out;
  }

  function tcData(eventStatus, listenerId) {
    var gdpr = state.gdprApplies !== false;
    return {
      tcString: gdpr && state.decided ? 'CQ-test-tc-string' : '',
      tcfPolicyVersion: 5,
      cmpId: 999,
      cmpVersion: 1,
      gdprApplies: gdpr,
      eventStatus: eventStatus,
      cmpStatus: 'loaded',
      listenerId: listenerId,
      isServiceSpecific: true,
      useNonStandardTexts: false,
      publisherCC: 'DE',
      purposeOneTreatment: false,
      purpose: { consents: gdpr ? flags(state.purposes) : {}, legitimateInterests: {} },
      vendor: { consents: {}, legitimateInterests: {} },
      specialFeatureOptins: {},
      publisher: {
        consents: gdpr && state.publisher ? flags(state.publisher) : {},
        legitimateInterests: {},
        customPurpose: { consents: {}, legitimateInterests: {} },
        restrictions: {},
      },
    };
  }

  function status() {
    return state.gdprApplies === false || state.decided ? 'tcloaded' : 'cmpuishown';
  }

  function load(options) {
    state = Object.assign({ decided: true }, options);
    stub();
    var queued = window.__tcfapi();
    window.__tcfapi = function (command, version, callback, parameter) {
      if (command === 'ping') return callback({ gdprApplies: state.gdprApplies !== false, cmpLoaded: true, cmpStatus: 'loaded', apiVersion: '2.2' }, true);
      if (version !== 2 && version !== undefined) return callback(null, false);
      if (command === 'addEventListener') {
        var id = ++nextId;
        listeners[id] = callback;
        return callback(tcData(status(), id), true);
      }
      if (command === 'removeEventListener') return callback(delete listeners[parameter], true);
      if (command === 'getTCData') return callback(tcData(status()), true);
      callback(null, false);
    };
    queued.forEach(function (args) {
      window.__tcfapi.apply(null, args);
    });
  }

  function decide(options) {
    Object.assign(state, options, { decided: true });
    Object.keys(listeners).forEach(function (id) {
      listeners[id](tcData('useractioncomplete', Number(id)), true);
    });
  }

  window.tcfCmp = { stub: stub, load: load, decide: decide };
})();
