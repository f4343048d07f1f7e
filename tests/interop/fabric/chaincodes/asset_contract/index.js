// An asset-transfer contract written against fabric-contract-api, used by
// Vireo's interop tests and the chaincode benchmark. Nothing in it knows about
// Vireo: it runs as it would on a Fabric peer.
'use strict';

const { Contract } = require('fabric-contract-api');

class AssetContract extends Contract {
    constructor() {
        super('asset');
    }

    async InitLedger(ctx) {
        const seeds = [
            { ID: 'seed1', Color: 'blue', Size: 5, Owner: 'Tomoko', AppraisedValue: 300 },
            { ID: 'seed2', Color: 'red', Size: 5, Owner: 'Brad', AppraisedValue: 400 },
        ];
        for (const asset of seeds) {
            await ctx.stub.putState(asset.ID, Buffer.from(JSON.stringify(asset)));
        }
        return 'initialized';
    }

    async CreateAsset(ctx, id, color, size, owner, value) {
        if (await this.AssetExists(ctx, id)) {
            throw new Error(`The asset ${id} already exists`);
        }
        const asset = { ID: id, Color: color, Size: Number(size), Owner: owner, AppraisedValue: Number(value) };
        await ctx.stub.putState(id, Buffer.from(JSON.stringify(asset)));
        ctx.stub.setEvent('AssetCreated', Buffer.from(JSON.stringify({ id, owner })));
        return JSON.stringify(asset);
    }

    async ReadAsset(ctx, id) {
        const bytes = await ctx.stub.getState(id);
        if (!bytes || bytes.length === 0) {
            throw new Error(`The asset ${id} does not exist`);
        }
        return bytes.toString();
    }

    async UpdateAsset(ctx, id, color, size, owner, value) {
        await this.ReadAsset(ctx, id);
        const asset = { ID: id, Color: color, Size: Number(size), Owner: owner, AppraisedValue: Number(value) };
        await ctx.stub.putState(id, Buffer.from(JSON.stringify(asset)));
        return JSON.stringify(asset);
    }

    async DeleteAsset(ctx, id) {
        await this.ReadAsset(ctx, id);
        await ctx.stub.deleteState(id);
    }

    async AssetExists(ctx, id) {
        const bytes = await ctx.stub.getState(id);
        return !!bytes && bytes.length > 0;
    }

    // Returns the previous owner.
    async TransferAsset(ctx, id, newOwner) {
        const asset = JSON.parse(await this.ReadAsset(ctx, id));
        const previous = asset.Owner;
        asset.Owner = newOwner;
        await ctx.stub.putState(id, Buffer.from(JSON.stringify(asset)));
        ctx.stub.setEvent('AssetTransferred', Buffer.from(JSON.stringify({ id, from: previous, to: newOwner })));
        return previous;
    }

    async GetAssetsByRange(ctx, startKey, endKey) {
        const ids = [];
        for await (const kv of ctx.stub.getStateByRange(startKey, endKey)) {
            ids.push(kv.key);
        }
        return JSON.stringify(ids);
    }

    async GetAssetsPage(ctx, startKey, endKey, pageSize, bookmark) {
        const { iterator, metadata } = await ctx.stub.getStateByRangeWithPagination(
            startKey, endKey, Number(pageSize), bookmark);
        const ids = [];
        let next = await iterator.next();
        while (!next.done) {
            ids.push(next.value.key);
            next = await iterator.next();
        }
        await iterator.close();
        return JSON.stringify({ ids, fetched: metadata.fetchedRecordsCount, bookmark: metadata.bookmark });
    }

    async GetAssetHistory(ctx, id) {
        const history = [];
        for await (const mod of ctx.stub.getHistoryForKey(id)) {
            history.push({ txId: mod.txId, isDelete: mod.isDelete, value: Buffer.from(mod.value).toString() });
        }
        return JSON.stringify(history);
    }

    // Puts then reads the same key: Fabric has no read-your-writes.
    async PutThenGet(ctx, key, value) {
        await ctx.stub.putState(key, Buffer.from(value));
        const seen = await ctx.stub.getState(key);
        return seen.toString();
    }

    async SetEndorsementPolicy(ctx, id, policy) {
        await ctx.stub.setStateValidationParameter(id, Buffer.from(policy));
    }

    async GetEndorsementPolicy(ctx, id) {
        const policy = await ctx.stub.getStateValidationParameter(id);
        return policy ? Buffer.from(policy).toString() : '';
    }

    async WhoAmI(ctx) {
        return JSON.stringify({ mspid: ctx.clientIdentity.getMSPID(), txid: ctx.stub.getTxID(),
            channel: ctx.stub.getChannelID() });
    }

    // Calls another chaincode in the same transaction and returns its answer;
    // argsJson is a JSON array of string arguments.
    async CallOther(ctx, chaincode, fn, argsJson) {
        const args = JSON.parse(argsJson || '[]');
        const response = await ctx.stub.invokeChaincode(chaincode, [fn, ...args], '');
        return JSON.stringify({ status: response.status, message: response.message,
            payload: Buffer.from(response.payload).toString() });
    }

    async RichQuery(ctx, query) {
        const out = [];
        for await (const kv of ctx.stub.getQueryResult(query)) {
            out.push(kv.key);
        }
        return JSON.stringify(out);
    }

    async Throw(ctx, text) {
        throw new Error(text);
    }

    // The benchmark's transaction: one GetState and one PutState.
    async Bench(ctx, key, value) {
        await ctx.stub.getState(key);
        await ctx.stub.putState(key, Buffer.from(value));
        return value;
    }
}

module.exports.contracts = [AssetContract];
