import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { itemProblem, keyOf } from '../attribute-values.js';
import { ErrorNote, Modal } from '../ui.jsx';

/**
 * An item as DynamoDB JSON (each value typed: {"S": …}, {"N": "…"}, {"M": {…}}), saved with PutItem, or
 * deleted with DeleteItem by its key as it was opened.
 */
export function ItemEditor({ table, item, isNew, onClose, onSaved }) {
  const [text, setText] = useState(() => itemText(item, table.KeySchema.map((k) => k.AttributeName)));
  const [error, setError] = useState(undefined);
  const [busy, setBusy] = useState(false);
  let parsed;
  let problem;
  try {
    parsed = JSON.parse(text);
    problem = itemProblem(parsed);
  } catch (failure) {
    problem = failure.message;
  }
  const act = async (operation, input) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.dynamodb(operation, { TableName: table.TableName, ...input });
      onSaved();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  const remove = () => confirm('Delete this item?') && act('DeleteItem', { Key: keyOf(item, table.KeySchema) });
  return (
    <Modal title={isNew ? `New item in ${table.TableName}` : `Item in ${table.TableName}`} onClose={onClose} wide>
      <div class="form" data-form="item-editor">
        <textarea
          class="mono editor"
          spellcheck={false}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === 's') {
              e.preventDefault();
              if (!problem) act('PutItem', { Item: parsed });
            }
          }}
          rows={Math.min(28, Math.max(10, text.split('\n').length + 1))}
          aria-label="Item as DynamoDB JSON"
        />
        <p class={problem ? 'hint bad' : 'hint'}>{problem ?? 'DynamoDB JSON: every value typed, e.g. {"S": "text"}, {"N": "42"}, {"BOOL": true}, {"L": […]}, {"M": {…}}. Ctrl+S saves.'}</p>
        <ErrorNote error={error} />
        <footer>
          {!isNew && <button class="danger" onClick={remove} disabled={busy} data-action="delete-item">Delete item</button>}
          <span class="grow" />
          <button onClick={onClose}>Cancel</button>
          <button class="primary" disabled={busy || Boolean(problem)} onClick={() => act('PutItem', { Item: parsed })} data-action="save-item">Save</button>
        </footer>
      </div>
    </Modal>
  );
}

/** One attribute a line (`"name": {"S": "…"},`): dense, and each value still reads as DynamoDB JSON. */
function itemText(item, keyNames) {
  const order = (name) => (keyNames.includes(name) ? keyNames.indexOf(name) : keyNames.length);
  const lines = Object.entries(item)
    .sort(([a], [b]) => order(a) - order(b)).map(([name, value]) => `  ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  return lines.length ? `{\n${lines.join(',\n')}\n}` : '{}';
}
