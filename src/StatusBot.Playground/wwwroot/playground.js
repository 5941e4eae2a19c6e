(() => {
  const dm = document.getElementById('dm'), channels = document.getElementById('channels');
  const who = document.getElementById('who'), text = document.getElementById('text');
  let after = 0, polling = null;
  const me = () => who.value.trim();

  const append = (log, html, whoLabel, mine) => {
    const empty = log.querySelector('.empty'); if (empty) empty.remove();
    const entry = document.createElement('div');
    entry.className = 'entry' + (mine ? ' mine' : '');
    if (whoLabel) { const w = document.createElement('div'); w.className = 'who'; w.textContent = whoLabel; entry.appendChild(w); }
    const body = document.createElement('div');
    if (mine) body.textContent = html; else body.innerHTML = html;
    entry.appendChild(body);
    log.appendChild(entry); log.scrollTop = log.scrollHeight;
    return entry;
  };

  const post = async (path, payload) => {
    const response = await fetch('/playground/api/' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) { append(dm, escapeHtml(body.title || ('Error ' + response.status)), 'StatusBot', false); return null; }
    return body;
  };
  const escapeHtml = s => s.replace(/[&<>"]/g, c => ({ '&':'&amp;', '<':'&lt;', '>':'&gt;', '"':'&quot;' }[c]));

  const show = reply => {
    if (!reply) return;
    if (reply.html) append(dm, reply.html, 'StatusBot (only you see this)', false);
    if (reply.formHtml) append(dm, reply.formHtml, 'StatusBot', false);
  };

  document.getElementById('compose').addEventListener('submit', async e => {
    e.preventDefault();
    const value = text.value.trim(); if (!value) return;
    text.value = '';
    append(dm, value, me(), true);
    const isCommand = value.startsWith('/statusbot');
    show(await post(isCommand ? 'command' : 'dm', { as: me(), text: value }));
    refreshPeople();
  });

  document.addEventListener('click', async e => {
    const button = e.target.closest('button[data-action]'); if (!button) return;
    show(await post('press', { as: me(), actionId: button.dataset.action, value: button.dataset.value }));
  });

  document.addEventListener('submit', async e => {
    const form = e.target.closest('form.sb-form'); if (!form) return;
    e.preventDefault();
    const values = {};
    form.querySelectorAll('[data-input]').forEach(field => {
      const id = field.dataset.input, inputs = field.querySelectorAll('input, textarea');
      inputs.forEach(input => {
        if (input.type === 'radio') { if (input.checked) values[id] = input.value; }
        else if (input.type === 'checkbox') values[id] = input.checked ? 'true' : 'false';
        else values[id] = input.value;
      });
      field.querySelector('.error').textContent = '';
    });
    const reply = await post('submit', { as: me(), formId: form.dataset.formId, values });
    if (reply && reply.errors) {
      for (const [id, message] of Object.entries(reply.errors)) {
        const field = form.querySelector(`[data-input="${CSS.escape(id)}"] .error`); if (field) field.textContent = message;
      }
      return;
    }
    if (reply) { form.querySelectorAll('button, input, textarea').forEach(x => x.disabled = true); show(reply); }
  });

  const poll = async () => {
    if (!me()) return;
    const response = await fetch(`/playground/api/inbox?as=${encodeURIComponent(me())}&after=${after}`);
    if (!response.ok) return;
    for (const item of await response.json()) {
      // Polls can overlap on a slow server: an item an earlier poll already showed is skipped.
      if (item.id <= after) continue;
      after = item.id;
      // A re-posted message (a digest's week posted again) replaces the earlier one in place, as Slack's chat.update does.
      const earlier = item.replacesId ? document.querySelector(`[data-outbox-id="${item.replacesId}"] > div:last-child`) : null;
      if (earlier) { earlier.innerHTML = item.html; continue; }
      const entry = item.conversation === 'dm' ? append(dm, item.html, 'StatusBot', false) : append(channels, item.html, item.conversation, false);
      entry.dataset.outboxId = String(item.replacesId || item.id);
    }
  };

  const refreshPeople = async () => {
    const response = await fetch('/playground/api/people'); if (!response.ok) return;
    const list = document.getElementById('people'); list.innerHTML = '';
    for (const p of await response.json()) { const o = document.createElement('option'); o.value = p.name; list.appendChild(o); }
  };

  const restart = () => {
    after = 0; dm.innerHTML = '<p class="empty">Nothing yet. Try <code>/statusbot help</code>.</p>';
    channels.innerHTML = '<p class="empty">Digests posted to playground channels appear here.</p>';
    clearInterval(polling); poll(); polling = setInterval(poll, 1000);
    localStorage.setItem('statusbot.who', me());
  };
  document.getElementById('demo').addEventListener('click', async () => {
    const response = await fetch('/playground/api/demo', { method: 'POST' });
    const body = await response.json();
    append(dm, escapeHtml(`Demo program "${body.name}" ${body.created ? 'loaded' : 'is already loaded'}. Be "tina" (the TPM) and try /statusbot status, or be "alice" to answer a check-in.`), 'StatusBot', false);
    if (body.dashboard) { const link = document.getElementById('dashboard'); link.href = body.dashboard; link.hidden = false; }
    refreshPeople();
  });
  const params = new URLSearchParams(location.search);
  who.value = params.get('as') || localStorage.getItem('statusbot.who') || 'alice';
  who.addEventListener('change', restart);
  refreshPeople(); restart();
})();
