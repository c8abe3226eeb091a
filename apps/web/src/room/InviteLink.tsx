import { createSignal, Show } from 'solid-js';

export function inviteUrl(code: string, origin: string = window.location.origin): string {
  return `${origin}/join/${encodeURIComponent(code)}`;
}

export function InviteLink(props: { code: string }) {
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(inviteUrl(props.code));
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard refused (insecure context, permissions): the field is selectable anyway.
      document.getElementById('invite-url')?.focus();
    }
  };
  return (
    <div class="invite">
      <label for="invite-url">Invite link</label>
      <div class="inline-form">
        <input
          id="invite-url"
          readonly
          value={inviteUrl(props.code)}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="invite-url"
        />
        <button type="button" class="secondary" onClick={copy}>
          Copy
        </button>
      </div>
      <small class="hint">
        Code: <code data-testid="invite-code">{props.code}</code>
        <Show when={copied()}>
          <span role="status"> · Copied</span>
        </Show>
      </small>
    </div>
  );
}
