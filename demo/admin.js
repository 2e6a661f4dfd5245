// The host page's own script owns the credential. For this demo it takes the owner token
// that `npm start` printed from the URL fragment (never sent to a server), keeps it for
// this tab only and hands it to the widget. Team members use invite links (#invite=…),
// which the widget exchanges for a 12-hour session by itself.
const fromHash = /[#&]token=(sk_[A-Za-z0-9_-]+)/.exec(location.hash)?.[1];
if (fromHash) {
  sessionStorage.setItem('demo-owner-token', fromHash);
  history.replaceState(null, '', location.pathname + '#/contacts');
}
const token = sessionStorage.getItem('demo-owner-token');
if (token) document.querySelector('leadline-admin').token = token;
