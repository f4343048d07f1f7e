//! An ERC-20 style token in Rust on the Arwen big-integer API: token.c's
//! functions, storage layout, events and error messages, so that the two run
//! through the same tests. Storage: "total" -> supply, "b"+address -> balance,
//! "a"+owner+spender -> allowance (unsigned big-endian), "transfers" -> the
//! number of transfers made (int64). Events: Transfer and Approval, first topic
//! the keccak256 of the Solidity event signature.
//!
//! Unlike token.c, amounts are read unsigned, as elrond-wasm reads a `BigUint`
//! argument; both bound them to uint256, as in ERC-20.
#![no_std]

use core::cmp::Ordering;
use core::ops::{AddAssign, SubAssign};

/// The host API, declared with the names and signatures of elrond-wasm-node.
#[allow(non_snake_case)]
mod env {
    extern "C" {
        pub fn getNumArguments() -> i32;
        pub fn getArgumentLength(id: i32) -> i32;
        pub fn getArgument(id: i32, dst_offset: *mut u8) -> i32;
        pub fn int64finish(value: i64);
        pub fn int64storageStore(key_offset: *const u8, key_length: i32, value: i64) -> i32;
        pub fn int64storageLoad(key_offset: *const u8, key_length: i32) -> i64;
        pub fn getCaller(result_offset: *mut u8);
        pub fn checkNoPayment();
        pub fn signalError(message_offset: *const u8, message_length: i32) -> !;
        pub fn writeLog(data_offset: *const u8, data_length: i32, topic_offset: *const u8, num_topics: i32);
        pub fn keccak256(data_offset: *const u8, length: i32, result_offset: *mut u8) -> i32;

        pub fn bigIntNew(small_value: i64) -> i32;
        pub fn bigIntAdd(dest: i32, x: i32, y: i32);
        pub fn bigIntSub(dest: i32, x: i32, y: i32);
        pub fn bigIntCmp(x: i32, y: i32) -> i32;
        pub fn bigIntGetUnsignedArgument(id: i32, dest: i32);
        pub fn bigIntSetSignedBytes(dest: i32, byte_offset: *const u8, byte_length: i32);
        pub fn bigIntSignedByteLength(x: i32) -> i32;
        pub fn bigIntGetUnsignedBytes(x: i32, byte_offset: *mut u8) -> i32;
        pub fn bigIntStorageStoreUnsigned(key_offset: *const u8, key_length: i32, source: i32) -> i32;
        pub fn bigIntStorageLoadUnsigned(key_offset: *const u8, key_length: i32, dest: i32) -> i32;
        pub fn bigIntFinishUnsigned(x: i32);
    }
}

const ADDRESS: usize = 32;
type Address = [u8; ADDRESS];

const TOTAL_KEY: &[u8] = b"total";
const TRANSFERS_KEY: &[u8] = b"transfers";
const TRANSFER_SIGNATURE: &str = "Transfer(address,address,uint256)";
const APPROVAL_SIGNATURE: &str = "Approval(address,address,uint256)";

/// 2^256 - 1 in two's complement: its top byte has the sign bit set, hence the leading zero.
const UINT256_MAX: [u8; 33] = {
    let mut bytes = [0xff; 33];
    bytes[0] = 0;
    bytes
};

/// Ends the call with a user error (return code 4).
fn fail(message: &str) -> ! {
    unsafe { env::signalError(message.as_ptr(), message.len() as i32) }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    fail("panic occurred")
}

fn require_arguments(count: i32, usage: &str) {
    if unsafe { env::getNumArguments() } != count {
        fail(usage);
    }
}

fn address_argument(id: i32) -> Address {
    if unsafe { env::getArgumentLength(id) } != ADDRESS as i32 {
        fail("address arguments are 32 bytes");
    }
    let mut address = [0; ADDRESS];
    unsafe { env::getArgument(id, address.as_mut_ptr()) };
    address
}

fn caller() -> Address {
    let mut address = [0; ADDRESS];
    unsafe { env::getCaller(address.as_mut_ptr()) };
    address
}

/// An unsigned big integer the host holds; the handle lives for this call.
struct BigUint(i32);

impl BigUint {
    fn zero() -> Self {
        BigUint(unsafe { env::bigIntNew(0) })
    }

    fn from_signed_bytes(bytes: &[u8]) -> Self {
        let value = Self::zero();
        unsafe { env::bigIntSetSignedBytes(value.0, bytes.as_ptr(), bytes.len() as i32) };
        value
    }

    fn argument(id: i32) -> Self {
        let value = Self::zero();
        unsafe { env::bigIntGetUnsignedArgument(id, value.0) };
        value
    }

    /// The value under `key`, zero when absent.
    fn load(key: &[u8]) -> Self {
        let value = Self::zero();
        unsafe { env::bigIntStorageLoadUnsigned(key.as_ptr(), key.len() as i32, value.0) };
        value
    }

    fn store(&self, key: &[u8]) {
        unsafe { env::bigIntStorageStoreUnsigned(key.as_ptr(), key.len() as i32, self.0) };
    }

    fn finish(&self) {
        unsafe { env::bigIntFinishUnsigned(self.0) };
    }

    /// Its minimal unsigned big-endian bytes, written into `buffer`.
    fn to_bytes<'a>(&self, buffer: &'a mut [u8; 33]) -> &'a [u8] {
        // bigIntGetUnsignedBytes writes as many bytes as the value needs: bound
        // them first by the two's complement length, which is never shorter.
        if unsafe { env::bigIntSignedByteLength(self.0) } as usize > buffer.len() {
            fail("amount too large");
        }
        let length = unsafe { env::bigIntGetUnsignedBytes(self.0, buffer.as_mut_ptr()) } as usize;
        // min: no bounds check, hence no panic path pulling in core::fmt.
        &buffer[..length.min(buffer.len())]
    }
}

impl PartialEq for BigUint {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for BigUint {}

impl PartialOrd for BigUint {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for BigUint {
    fn cmp(&self, other: &Self) -> Ordering {
        unsafe { env::bigIntCmp(self.0, other.0) }.cmp(&0)
    }
}

impl AddAssign<&BigUint> for BigUint {
    fn add_assign(&mut self, other: &BigUint) {
        unsafe { env::bigIntAdd(self.0, self.0, other.0) };
    }
}

impl SubAssign<&BigUint> for BigUint {
    fn sub_assign(&mut self, other: &BigUint) {
        unsafe { env::bigIntSub(self.0, self.0, other.0) };
    }
}

/// Every amount is at most 2^256 - 1, so balances (bounded by the supply) and
/// event data fit 32 bytes.
fn amount_argument(id: i32) -> BigUint {
    let amount = BigUint::argument(id);
    if amount > BigUint::from_signed_bytes(&UINT256_MAX) {
        fail("amounts are uint256");
    }
    amount
}

fn balance_key(address: &Address) -> [u8; 1 + ADDRESS] {
    let mut key = [b'b'; 1 + ADDRESS];
    key[1..].copy_from_slice(address);
    key
}

fn allowance_key(owner: &Address, spender: &Address) -> [u8; 1 + 2 * ADDRESS] {
    let mut key = [b'a'; 1 + 2 * ADDRESS];
    key[1..1 + ADDRESS].copy_from_slice(owner);
    key[1 + ADDRESS..].copy_from_slice(spender);
    key
}

fn emit(signature: &str, from: &Address, to: &Address, amount: &BigUint) {
    let mut topics = [0; 3 * ADDRESS];
    unsafe { env::keccak256(signature.as_ptr(), signature.len() as i32, topics.as_mut_ptr()) };
    topics[ADDRESS..2 * ADDRESS].copy_from_slice(from);
    topics[2 * ADDRESS..].copy_from_slice(to);
    let mut buffer = [0; 33];
    let data = amount.to_bytes(&mut buffer);
    unsafe { env::writeLog(data.as_ptr(), data.len() as i32, topics.as_ptr(), 3) };
}

/// Moves `amount` from `from` to `to`, failing when `from` holds too little.
fn move_tokens(from: &Address, to: &Address, amount: &BigUint) {
    let mut from_balance = BigUint::load(&balance_key(from));
    if from_balance < *amount {
        fail("insufficient funds");
    }
    from_balance -= amount;
    from_balance.store(&balance_key(from));
    let mut to_balance = BigUint::load(&balance_key(to));
    to_balance += amount;
    to_balance.store(&balance_key(to));
    let transfers = transfers_made() + 1;
    unsafe { env::int64storageStore(TRANSFERS_KEY.as_ptr(), TRANSFERS_KEY.len() as i32, transfers) };
    emit(TRANSFER_SIGNATURE, from, to, amount);
}

fn transfers_made() -> i64 {
    unsafe { env::int64storageLoad(TRANSFERS_KEY.as_ptr(), TRANSFERS_KEY.len() as i32) }
}

fn finish_true() {
    unsafe { env::int64finish(1) };
}

/// init(supply): the deployer holds the whole supply.
#[no_mangle]
pub extern "C" fn init() {
    require_arguments(1, "init takes the total supply");
    let supply = amount_argument(0);
    supply.store(TOTAL_KEY);
    supply.store(&balance_key(&caller()));
}

#[export_name = "totalSupply"]
pub extern "C" fn total_supply() {
    BigUint::load(TOTAL_KEY).finish();
}

/// balanceOf(address)
#[export_name = "balanceOf"]
pub extern "C" fn balance_of() {
    BigUint::load(&balance_key(&address_argument(0))).finish();
}

/// transfer(to, amount)
#[no_mangle]
pub extern "C" fn transfer() {
    unsafe { env::checkNoPayment() };
    require_arguments(2, "transfer takes (to, amount)");
    let to = address_argument(0);
    let amount = amount_argument(1);
    move_tokens(&caller(), &to, &amount);
    finish_true();
}

/// approve(spender, amount)
#[no_mangle]
pub extern "C" fn approve() {
    require_arguments(2, "approve takes (spender, amount)");
    let spender = address_argument(0);
    let amount = amount_argument(1);
    let owner = caller();
    amount.store(&allowance_key(&owner, &spender));
    emit(APPROVAL_SIGNATURE, &owner, &spender, &amount);
    finish_true();
}

/// allowance(owner, spender)
#[no_mangle]
pub extern "C" fn allowance() {
    let owner = address_argument(0);
    let spender = address_argument(1);
    BigUint::load(&allowance_key(&owner, &spender)).finish();
}

/// transferFrom(from, to, amount): the caller spends from's allowance.
#[export_name = "transferFrom"]
pub extern "C" fn transfer_from() {
    require_arguments(3, "transferFrom takes (from, to, amount)");
    let from = address_argument(0);
    let to = address_argument(1);
    let amount = amount_argument(2);
    let key = allowance_key(&from, &caller());
    let mut allowed = BigUint::load(&key);
    if allowed < amount {
        fail("allowance exceeded");
    }
    allowed -= &amount;
    allowed.store(&key);
    move_tokens(&from, &to, &amount);
    finish_true();
}

/// transferCount(): how many transfers (transfer and transferFrom) succeeded.
#[export_name = "transferCount"]
pub extern "C" fn transfer_count() {
    unsafe { env::int64finish(transfers_made()) };
}
