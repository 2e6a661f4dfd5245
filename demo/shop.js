// The demo shop's own behaviour: its newsletter form thanks the visitor without leaving the page
// (Leadline's data-ll-form capture records the sign-up as a lead on its own).
document.querySelector('form.newsletter')?.addEventListener('submit', (event) => {
  event.preventDefault();
  event.currentTarget.querySelector('output').textContent = 'Thanks for signing up!';
});
