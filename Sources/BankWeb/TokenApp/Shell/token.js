// The token itself, with no screen: the 初期設定 values checked as TokenKit's ProvisioningRequest
// does, the bank's answer turned into two non-extractable WebCrypto keys, their IndexedDB record,
// RFC 6238 codes and the status proof (docs/token-provisioning.md).

const DB_NAME = 'kyoei-token';
const STORE = 'tokens';
const RECORD = 'current';
const HASHES = { SHA1: 'SHA-1', SHA256: 'SHA-256', SHA512: 'SHA-512' };

/** Why set-up failed, as catalog keys; `bank` holds the bank's own {ja, en} words when it gave them. */
export class SetupFailure extends Error {
  constructor(key, { args = [], bank = null, hint = null } = {}) {
    super(key);
    this.key = key;
    this.args = args;
    this.bank = bank;
    this.hint = hint;
  }
}

// ---- 初期設定画面's values

const halfWidth = (text) => text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
  .replace(/\u3000/g, ' ');
// Hyphen look-alikes a Japanese keyboard types for the grouping of the mail ("4821-937705").
const USER_ID_SEPARATORS = /[-\u2010-\u2014\u2212\u30FC\uFF70\s]/g;

/** `{request}` ready to send, or `{field, key}` naming the first wrong field and its message. */
export function setupRequest(values) {
  const service = halfWidth(values.service_id).trim();
  const user = halfWidth(values.user_id).replace(USER_ID_SEPARATORS, '');
  const password = halfWidth(values.activation_password).replace(/\s/g, '');
  if (!service) return { field: 'service_id', key: 'token_pwa.setup.error.service_id_missing' };
  if (service.length > 64 || !/^[\x21-\x7E]+$/.test(service)) {
    return { field: 'service_id', key: 'token_pwa.setup.error.service_id_invalid' };
  }
  if (!/^\d{10}$/.test(user)) return { field: 'user_id', key: 'token_pwa.setup.error.user_id_invalid' };
  if (!/^\d{4,8}$/.test(password)) {
    return { field: 'activation_password', key: 'token_pwa.setup.error.activation_password_invalid' };
  }
  return { request: { service_id: service, user_id: user, activation_password: password } };
}

// ---- The secret: Base32 → two non-extractable HMAC keys; the bytes are wiped once imported.

function base32Bytes(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = [];
  let value = 0;
  let bits = 0;
  for (const character of text.toUpperCase().replace(/=+$/, '')) {
    const index = alphabet.indexOf(character);
    if (index < 0) return null;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
      value &= (1 << bits) - 1;
    }
  }
  return new Uint8Array(bytes);
}

/** The record to keep from the bank's 200 answer, checked as TokenKit's ProvisioningResponse does. */
async function tokenRecord(answer, request) {
  const hash = HASHES[String(answer.algorithm || '').toUpperCase()];
  const fits = answer.user_id === request.user_id
    && String(answer.service_id || '').toLowerCase() === request.service_id.toLowerCase()
    && hash && Number.isInteger(answer.digits) && answer.digits >= 6 && answer.digits <= 8
    && Number.isInteger(answer.period) && answer.period >= 15 && answer.period <= 300;
  const secret = fits && typeof answer.secret === 'string' ? base32Bytes(answer.secret) : null;
  delete answer.secret;
  if (!secret || secret.length < 16 || secret.length > 64) throw new SetupFailure('token_pwa.setup.error.bad_token');
  try {
    return {
      serviceID: answer.service_id, userID: answer.user_id, issuer: String(answer.issuer || ''),
      digits: answer.digits, period: answer.period, algorithm: String(answer.algorithm).toUpperCase(),
      otpKey: await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash }, false, ['sign']),
      statusKey: await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
      setUpAt: new Date().toISOString(),
    };
  } catch {
    throw new SetupFailure('token_pwa.setup.error.not_saved');
  } finally {
    secret.fill(0);
  }
}

// ---- IndexedDB: one record; a CryptoKey is stored by structured clone and stays non-extractable.

function openDatabase() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('database blocked'));
  });
}

async function withStore(mode, action) {
  const database = await openDatabase();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    database.close();
  }
}

export const loadToken = () => withStore('readonly', (store) => store.get(RECORD));
export const deleteToken = () => withStore('readwrite', (store) => store.delete(RECORD));
const saveToken = (record) => withStore('readwrite', (store) => store.put(record, RECORD));

// ---- The bank: JSON POSTs to its API (CORS), which the service worker never caches.

export async function postToBank(bankURL, path, body, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // The bank's address may carry a path (behind a proxy): append, as kyoei-token's BankServer does.
    const response = await fetch(bankURL.replace(/\/+$/, '') + path, {
      method: 'POST', mode: 'cors', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body), signal: controller.signal,
    });
    const json = await response.json().catch(() => null);
    return { status: response.status, json: json || {} };
  } finally {
    clearTimeout(timer);
  }
}

// The bank's refusals that get a word of the app's own under the bank's message.
const REFUSAL_HINTS = {
  invalid_credentials: 'token_pwa.setup.hint.invalid_credentials',
  token_unavailable: 'token_pwa.setup.hint.token_unavailable',
};

/** Sends the three values once and keeps the token; throws SetupFailure with what to tell the customer. */
export async function provision(bankURL, request) {
  // The bank gives the secret only once: make sure it can be kept before asking for it.
  try {
    (await openDatabase()).close();
  } catch {
    throw new SetupFailure('token_pwa.setup.error.not_saved');
  }
  let answer;
  try {
    answer = await postToBank(bankURL, '/api/v1/token/provision', request, 20000);
  } catch {
    throw new SetupFailure('token_pwa.setup.error.cannot_connect');
  }
  const json = answer.json;
  if (answer.status !== 200) {
    if (typeof json.message !== 'string') {
      throw new SetupFailure('token_pwa.setup.error.unexpected_status', { args: [answer.status] });
    }
    throw new SetupFailure(null, { bank: { ja: json.message, en: json.message_en || json.message }, hint: REFUSAL_HINTS[json.error] });
  }
  const record = await tokenRecord(json, request);
  try {
    await saveToken(record);
  } catch {
    throw new SetupFailure('token_pwa.setup.error.not_saved');
  }
  // Ask the browser not to evict the token under storage pressure; a refusal changes nothing else.
  navigator.storage?.persist?.().catch(() => {});
  return record;
}

// ---- Codes and the status proof

/** RFC 6238: HMAC of the 8-byte big-endian counter, dynamic truncation, `digits` decimal digits. */
export async function totp(key, counter, digits) {
  const message = new DataView(new ArrayBuffer(8));
  message.setUint32(0, Math.floor(counter / 2 ** 32));
  message.setUint32(4, counter >>> 0);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message.buffer));
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

const hex = (buffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** Asks the bank whether the token still stands, proving with an HMAC that we hold it (no secret, no code). */
export async function askStanding(bankURL, token) {
  const time = Math.floor(Date.now() / 1000);
  const proof = hex(await crypto.subtle.sign('HMAC', token.statusKey,
    new TextEncoder().encode(`kyoei-token-status v1\n${token.userID}\n${time}`)));
  return postToBank(bankURL, '/api/v1/token/status', { service_id: token.serviceID, user_id: token.userID, time, proof }, 8000);
}
