// A misbehaving low-level chaincode for Vireo's failure tests, on the real
// fabric-shim: Invoke that throws (the shim then answers nothing), returns
// status 500, or never finishes; and an "ok" function to show the stream
// still serves the next transaction.
'use strict';

const shim = require('fabric-shim');

class FaultyChaincode {
    async Init() {
        return shim.success();
    }

    async Invoke(stub) {
        const { fcn, params } = stub.getFunctionAndParameters();
        switch (fcn) {
            case 'throw':
                throw new Error('faulty chaincode threw on purpose');
            case 'fail500':
                return shim.error(params[0] || 'faulty chaincode failed on purpose');
            case 'hang':
                await stub.getState('hang');
                return new Promise(() => {});
            case 'ok':
                await stub.putState('ok', Buffer.from(stub.getTxID()));
                return shim.success(Buffer.from('ok'));
            default:
                return shim.error(`unknown function ${fcn}`);
        }
    }
}

shim.start(new FaultyChaincode());
