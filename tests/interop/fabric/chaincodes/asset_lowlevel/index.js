// An asset-transfer chaincode on the low-level fabric-shim ChaincodeInterface
// (Init/Invoke), used by Vireo's interop tests and benchmark. Runs as a
// client (`node index.js --peer.address HOST:PORT --chaincode-id-name ID`) or,
// when CORE_CHAINCODE_ADDRESS is set, as a chaincode server (`shim.server`).
'use strict';

const shim = require('fabric-shim');

const functions = {
    async create(stub, [id, owner, value]) {
        const existing = await stub.getState(id);
        if (existing.length > 0) {
            return shim.error(`asset ${id} already exists`);
        }
        await stub.putState(id, Buffer.from(JSON.stringify({ id, owner, value })));
        stub.setEvent('created', Buffer.from(id));
        return shim.success(Buffer.from(id));
    },
    async read(stub, [id]) {
        const bytes = await stub.getState(id);
        if (bytes.length === 0) {
            return shim.error(`asset ${id} not found`);
        }
        return shim.success(bytes);
    },
    async update(stub, [id, owner, value]) {
        if ((await stub.getState(id)).length === 0) {
            return shim.error(`asset ${id} not found`);
        }
        await stub.putState(id, Buffer.from(JSON.stringify({ id, owner, value })));
        return shim.success();
    },
    async delete(stub, [id]) {
        await stub.deleteState(id);
        return shim.success();
    },
    async transfer(stub, [id, to]) {
        const bytes = await stub.getState(id);
        if (bytes.length === 0) {
            return shim.error(`asset ${id} not found`);
        }
        const asset = JSON.parse(bytes.toString());
        const from = asset.owner;
        asset.owner = to;
        await stub.putState(id, Buffer.from(JSON.stringify(asset)));
        stub.setEvent('transferred', Buffer.from(JSON.stringify({ id, from, to })));
        return shim.success(Buffer.from(from));
    },
    async range(stub, [start, end]) {
        const iterator = await stub.getStateByRange(start, end);
        const keys = [];
        let next = await iterator.next();
        while (!next.done) {
            keys.push(next.value.key);
            next = await iterator.next();
        }
        await iterator.close();
        return shim.success(Buffer.from(JSON.stringify(keys)));
    },
    async history(stub, [id]) {
        const iterator = await stub.getHistoryForKey(id);
        const values = [];
        let next = await iterator.next();
        while (!next.done) {
            values.push(next.value.isDelete ? null : Buffer.from(next.value.value).toString());
            next = await iterator.next();
        }
        await iterator.close();
        return shim.success(Buffer.from(JSON.stringify(values)));
    },
    async call(stub, [chaincode, fn, ...args]) {
        const response = await stub.invokeChaincode(chaincode, [fn, ...args], '');
        return shim.success(Buffer.from(JSON.stringify({ status: response.status,
            payload: Buffer.from(response.payload).toString() })));
    },
    async fail(stub, [text]) {
        return shim.error(text);
    },
    async binary() {
        return shim.success(Buffer.from([0xff, 0x00, 0x01]));
    },
    async bench(stub, [key, value]) {
        await stub.getState(key);
        await stub.putState(key, Buffer.from(value));
        return shim.success(Buffer.from(value));
    },
};

class AssetChaincode {
    async Init(stub) {
        const { params } = stub.getFunctionAndParameters();
        if (params.length > 0) {
            await stub.putState('init', Buffer.from(params[0]));
        }
        return shim.success(Buffer.from('init done'));
    }

    async Invoke(stub) {
        const { fcn, params } = stub.getFunctionAndParameters();
        const fn = functions[fcn];
        if (!fn) {
            return shim.error(`unknown function ${fcn}`);
        }
        return fn(stub, params);
    }
}

if (process.env.CORE_CHAINCODE_ADDRESS) {
    shim.server(new AssetChaincode(), {
        ccid: process.env.CORE_CHAINCODE_ID,
        address: process.env.CORE_CHAINCODE_ADDRESS,
    }).start();
} else {
    shim.start(new AssetChaincode());
}
