// The token web app's screens: 通信の許諾画面 → 初期設定画面 → the code, as kyoei-token does it in a
// terminal. Plain ES2020 modules, no build step, no third-party code: the CSP allows only our files.
// Every text comes from /strings.json by key; the secret never reaches this file (token.js).

import { SetupFailure, askStanding, deleteToken, loadToken, provision, setupRequest, totp } from './token.js';

const LANG_KEY = 'kyoei-token-lang';
const $ = (selector) => document.querySelector(selector);
const state = { strings: {}, lang: 'ja', config: {}, token: null, counter: null, codeRun: 0, timer: 0, busy: false };
// The messages each element shows, so that a language switch can write them again.
const shown = new Map();

// ---- Texts: a message is {key, args} from the catalog, or the bank's own words {ja, en}.

function t(key, ...args) {
  const text = (state.strings[state.lang] || {})[key] ?? key;
  return text.replace(/\{(\d+)\}/g, (whole, index) => (index < args.length ? String(args[index]) : whole));
}

const textOf = (message) => (message.key ? t(message.key, ...(message.args || [])) : message[state.lang] || message.ja);

/** Shows `messages` in `element`, one paragraph each, or hides it when there are none. */
function say(element, ...messages) {
  const list = messages.filter(Boolean);
  shown.set(element, list);
  element.replaceChildren(...list.map((message) => {
    const paragraph = document.createElement('p');
    paragraph.textContent = textOf(message);
    return paragraph;
  }));
  element.hidden = list.length === 0;
}

function bankURL() {
  try {
    return new URL(state.config.bank_url);
  } catch {
    return null;
  }
}

function render() {
  document.documentElement.lang = state.lang;
  document.title = t('token_pwa.app_name');
  for (const element of document.querySelectorAll('[data-t]')) element.textContent = t(element.dataset.t);
  for (const element of document.querySelectorAll('[data-t-label]')) element.setAttribute('aria-label', t(element.dataset.tLabel));
  // "残り{0}秒" / "{0} s left": the number keeps its own element, the words go round it.
  for (const element of document.querySelectorAll('[data-t-slot]')) {
    const [before, after = ''] = t(element.dataset.tSlot).split('{0}');
    element.querySelector('.slot-before').textContent = before;
    element.querySelector('.slot-after').textContent = after;
  }
  for (const [element, messages] of shown) say(element, ...messages);
  for (const lang of ['ja', 'en']) $(`#lang-${lang}`).setAttribute('aria-pressed', String(lang === state.lang));
  const bank = bankURL();
  $('#bank-name').textContent = state.config.bank_name || '';
  $('#consent-purpose').textContent = t('token_pwa.consent.purpose', state.config.bank_name || '', bank ? bank.host : '');
  $('#consent-insecure').hidden = !bank || bank.protocol !== 'http:';
}

// The chosen language is the only thing this app keeps in localStorage; a browser that refuses it
// (some private modes throw) just forgets the choice.
function chooseLanguage(lang) {
  state.lang = lang;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch { /* remembered for this visit only */ }
  render();
}

function rememberedLanguage() {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

function showScreen(id) {
  for (const screen of document.querySelectorAll('.screen')) screen.hidden = screen.id !== id;
  if (id !== 'screen-code') {
    clearTimeout(state.timer);
    state.token = null;
  }
  window.scrollTo(0, 0);
}

// ---- 通信の許諾画面: いいえ sends nothing anywhere; the screen stays, so the customer may still say はい.

function showConsent() {
  $('#consent-declined').hidden = true;
  showScreen('screen-consent');
}

// ---- 初期設定画面

function showSetup() {
  const query = new URLSearchParams(location.search);
  if (!$('#service_id').value) $('#service_id').value = query.get('service_id') || state.config.service_id || '';
  if (!$('#user_id').value) $('#user_id').value = query.get('user_id') || '';
  say($('#setup-error'));
  showScreen('screen-setup');
  const empty = ['service_id', 'user_id', 'activation_password'].find((id) => !$(`#${id}`).value);
  $(`#${empty || 'activation_password'}`).focus();
}

function setBusy(busy) {
  state.busy = busy;
  $('#setup-submit').disabled = busy;
  $('#setup-progress').hidden = !busy;
}

async function submitSetup(event) {
  event.preventDefault();
  if (state.busy) return;
  const inputs = [...document.querySelectorAll('#setup-form input')];
  for (const input of inputs) input.removeAttribute('aria-invalid');
  const checked = setupRequest(Object.fromEntries(inputs.map((input) => [input.id, input.value])));
  if (!checked.request) {
    say($('#setup-error'), { key: checked.key });
    $(`#${checked.field}`).setAttribute('aria-invalid', 'true');
    $(`#${checked.field}`).focus();
    return;
  }
  setBusy(true);
  say($('#setup-error'));
  try {
    const token = await provision(state.config.bank_url, checked.request);
    $('#activation_password').value = '';
    // The mail's link put the user ID in the address; the installed app starts at / anyway.
    history.replaceState(null, '', '/');
    showCode(token, true);
  } catch (error) {
    const failure = error instanceof SetupFailure ? error : new SetupFailure('token_pwa.setup.error.not_saved');
    say($('#setup-error'), failure.bank || { key: failure.key, args: failure.args }, failure.hint && { key: failure.hint });
    $('#setup-error').focus();
  } finally {
    setBusy(false);
  }
}

// ---- The code screen: recomputed from Date.now() at every tick, so it never drifts.

const masked = (userID) => (userID.length > 4 ? '*'.repeat(userID.length - 4) + userID.slice(-4) : userID);

function showCode(token, justSetUp) {
  showScreen('screen-code');
  state.token = token;
  state.counter = null;
  $('#token-user-id').textContent = masked(token.userID);
  $('#token-service-id').textContent = token.serviceID;
  $('#token-issuer').textContent = token.issuer;
  $('#setup-done').hidden = !justSetUp;
  $('#screen-code').classList.remove('ended');
  say($('#token-status'));
  closeResetQuestion();
  $('#install-hint').hidden = window.matchMedia('(display-mode: standalone)').matches;
  tick();
  // Just set up, the bank has said all there is to say.
  if (!justSetUp) checkStanding(token);
}

function tick() {
  clearTimeout(state.timer);
  const token = state.token;
  if (!token) return;
  const now = Date.now();
  const seconds = Math.floor(now / 1000);
  const counter = Math.floor(seconds / token.period);
  // 1…period, as TokenDisplay.secondsLeft: on the boundary a new code has all its seconds ahead.
  const left = token.period - (seconds - counter * token.period);
  if (counter !== state.counter) {
    state.counter = counter;
    showCodeOf(token, counter);
  }
  $('#seconds-left').textContent = String(left);
  const bar = $('#countdown');
  bar.max = token.period;
  bar.value = left;
  bar.setAttribute('aria-valuemax', String(token.period));
  bar.setAttribute('aria-valuenow', String(left));
  // Wake just after the next whole second, when the countdown (or the code) changes.
  state.timer = setTimeout(tick, 1000 - (now % 1000) + 10);
}

async function showCodeOf(token, counter) {
  const run = ++state.codeRun;
  let code;
  try {
    code = await totp(token.otpKey, counter, token.digits);
  } catch {
    return say($('#token-status'), { key: 'token_pwa.code.load_failed' });
  }
  if (run !== state.codeRun || state.token !== token) return;
  // Two groups for the eye ("123 456"); the element's text stays the bare digits.
  const half = Math.floor(code.length / 2);
  $('#code').replaceChildren(...[code.slice(0, half), code.slice(half)].map((digits) => {
    const group = document.createElement('span');
    group.textContent = digits;
    return group;
  }));
}

/** Online at start: is the token still live at the bank? Offline or unanswered, the codes go on as before. */
async function checkStanding(token) {
  const status = $('#token-status');
  status.classList.remove('live', 'ended');
  if (!navigator.onLine) return say(status, { key: 'token_pwa.status.offline' });
  say(status, { key: 'token_pwa.status.checking' });
  let answer;
  try {
    answer = await askStanding(state.config.bank_url, token);
  } catch {
    answer = { status: 0, json: {} };
  }
  if (state.token !== token) return;
  const standing = answer.status === 200 ? answer.json.status : null;
  if (standing === 'live') {
    status.classList.add('live');
    say(status, { key: 'token_pwa.status.live' });
  } else if (standing === 'ended' || standing === 'unknown') {
    status.classList.add('ended');
    $('#screen-code').classList.add('ended');
    say(status, { key: 'token_pwa.status.ended' }, { key: 'token_pwa.status.ended_action' });
  } else if (answer.json.error === 'clock_skew') {
    say(status, { key: 'token_pwa.status.clock_skew' });
  } else {
    say(status, { key: navigator.onLine ? 'token_pwa.status.unreachable' : 'token_pwa.status.offline' });
  }
}

// ---- 「トークンの再設定」: asks first; はい deletes the keys and starts again at 通信の許諾画面.

function openResetQuestion() {
  $('#reset-question').hidden = false;
  $('#reset-token').setAttribute('aria-expanded', 'true');
  $('#reset-cancel').focus();
}

function closeResetQuestion() {
  $('#reset-question').hidden = true;
  $('#reset-token').setAttribute('aria-expanded', 'false');
}

async function confirmReset() {
  try {
    await deleteToken();
  } catch {
    return say($('#flash'), { key: 'token_pwa.setup.error.not_saved' });
  }
  // The ended token's IDs must not come back prefilled: the new token has a new user ID.
  $('#setup-form').reset();
  say($('#flash'), { key: 'token_pwa.reset.done' });
  showConsent();
}

// ---- Start

async function fetchJSON(path) {
  const response = await fetch(path, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function wire() {
  $('#lang-ja').addEventListener('click', () => chooseLanguage('ja'));
  $('#lang-en').addEventListener('click', () => chooseLanguage('en'));
  $('#consent-yes').addEventListener('click', () => { say($('#flash')); showSetup(); });
  $('#consent-no').addEventListener('click', () => { say($('#flash')); $('#consent-declined').hidden = false; });
  $('#setup-form').addEventListener('submit', submitSetup);
  $('#reset-token').addEventListener('click', openResetQuestion);
  $('#reset-cancel').addEventListener('click', () => { closeResetQuestion(); $('#reset-token').focus(); });
  $('#reset-confirm').addEventListener('click', confirmReset);
  // Timers sleep in a hidden tab: catch up at once when the customer looks again.
  document.addEventListener('visibilitychange', () => { if (!document.hidden) tick(); });
}

async function start() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
  state.lang = rememberedLanguage();
  try {
    [state.strings, state.config] = await Promise.all([fetchJSON('/strings.json'), fetchJSON('/config.json')]);
  } catch {
    $('#loading').hidden = true;
    $('#load-error').hidden = false;
    return;
  }
  wire();
  render();
  $('#loading').hidden = true;
  if (!window.isSecureContext || !window.crypto?.subtle || !window.indexedDB) return showScreen('screen-unsupported');
  let token;
  try {
    token = await loadToken();
  } catch {
    return showScreen('screen-unsupported');
  }
  if (token) showCode(token, false);
  else showConsent();
}

start();
