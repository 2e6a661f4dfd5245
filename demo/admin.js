// The host page's own script owns the credential. For this demo it takes the owner token
// that `npm start` printed from the URL fragment (never sent to a server), keeps it for
// this tab only and hands it to the widget. Team members sign in by themselves in the widget
// (an invite link, an emailed sign-in link or a password) for a 30-day session.
const fromHash = /[#&]token=(sk_[A-Za-z0-9_-]+)/.exec(location.hash)?.[1];
if (fromHash) {
  sessionStorage.setItem('demo-owner-token', fromHash);
  history.replaceState(null, '', location.pathname + '#/contacts');
}
const token = sessionStorage.getItem('demo-owner-token');
if (token) document.querySelector('leadline-admin').token = token;
