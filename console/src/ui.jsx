// Small pieces the views share.

export function ErrorNote({ error, stale }) {
  if (!error) return null;
  return (
    <div class="note error" role="alert" data-error={error.type}>
      <strong>{error.type}</strong> {error.message}
      {stale && <span class="muted"> — showing the last answer</span>}
    </div>
  );
}

export function Badge({ children, tone = 'plain', title }) {
  return <span class={`badge ${tone}`} title={title}>{children}</span>;
}

export function Modal({ title, onClose, children, wide }) {
  return (
    <div class="modal-back" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class={wide ? 'modal wide' : 'modal'} role="dialog" aria-label={title}>
        <header>
          <h2>{title}</h2>
          <button class="icon" onClick={onClose} aria-label="Close">×</button>
        </header>
        {children}
      </div>
    </div>
  );
}

/** A key schema as `pk (S) · sk (N)`. */
export function KeySchema({ keySchema, attributeDefinitions = [] }) {
  const typeOf = (name) => attributeDefinitions.find((a) => a.AttributeName === name)?.AttributeType;
  return (
    <span class="keys">
      {keySchema.map((k) => (
        <span key={k.AttributeName} class={k.KeyType === 'HASH' ? 'key hash' : 'key range'} title={k.KeyType === 'HASH' ? 'partition key' : 'sort key'}>
          {k.AttributeName}
          {typeOf(k.AttributeName) && <small>{typeOf(k.AttributeName)}</small>}
        </span>
      ))}
    </span>
  );
}
