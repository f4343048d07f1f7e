// A chaincode that speaks the wire protocol badly on purpose, for Vireo's
// failure tests. It is not built on fabric-shim: it drives the
// ChaincodeSupport.Register stream itself with @grpc/grpc-js and the generated
// Fabric messages. Per TRANSACTION, args[0] picks the misbehaviour:
//   ok              COMPLETED with status 200
//   register_again  a second REGISTER in the middle of the transaction
//   garbage         a GET_STATE whose payload is not a GetState message
//   bogus_type      a message of a type number that does not exist
// When the peer closes the stream it reconnects and registers again.
// usage: node index.js --peer.address HOST:PORT --chaincode-id-name NAME:HASH
'use strict';

const grpc = require('@grpc/grpc-js');
const { peer } = require('@hyperledger/fabric-protos');

const argv = process.argv.slice(2);
const flag = (name) => argv[argv.indexOf(name) + 1];
const address = flag('--peer.address');
const chaincodeId = flag('--chaincode-id-name') || process.env.CORE_CHAINCODE_ID_NAME;
const T = peer.ChaincodeMessage.Type;

function message(type, txid, channel, payload) {
    const m = new peer.ChaincodeMessage();
    m.setType(type);
    m.setTxid(txid || '');
    m.setChannelId(channel || '');
    m.setPayload(payload || new Uint8Array());
    return m;
}

function completed(req, status, text) {
    const r = new peer.Response();
    r.setStatus(status);
    r.setMessage(text);
    return message(T.COMPLETED, req.getTxid(), req.getChannelId(), r.serializeBinary());
}

function register() {
    const id = new peer.ChaincodeID();
    id.setName(chaincodeId);
    return message(T.REGISTER, '', '', id.serializeBinary());
}

function connect() {
    const client = new peer.ChaincodeSupportClient(address, grpc.credentials.createInsecure());
    const stream = client.register();
    let reconnecting = false;
    const again = (why) => {
        if (reconnecting) {
            return;
        }
        reconnecting = true;
        console.log(`rogue: stream ended (${why}), reconnecting`);
        client.close();
        setTimeout(connect, 50);
    };
    stream.on('data', (msg) => {
        const type = msg.getType();
        if (type === T.ERROR) {
            console.log(`rogue: peer sent ERROR: ${Buffer.from(msg.getPayload_asU8()).toString()}`);
            return;
        }
        if (type !== T.TRANSACTION && type !== T.INIT) {
            return;
        }
        const input = peer.ChaincodeInput.deserializeBinary(msg.getPayload_asU8());
        const what = Buffer.from(input.getArgsList_asU8()[0] || []).toString();
        switch (what) {
            case 'ok':
                stream.write(completed(msg, 200, 'rogue ok'));
                break;
            case 'register_again':
                stream.write(register());
                break;
            case 'garbage':
                stream.write(message(T.GET_STATE, msg.getTxid(), msg.getChannelId(), Buffer.from([0x0a, 0xff, 0xff])));
                break;
            case 'bogus_type':
                stream.write(message(99, msg.getTxid(), msg.getChannelId()));
                break;
            default:
                stream.write(completed(msg, 500, `rogue does not know ${what}`));
        }
    });
    stream.on('error', (err) => again(err.details || err.message));
    stream.on('end', () => again('end'));
    stream.write(register());
}

connect();
