import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { columnsOf, keyOf, shortValue } from '../attribute-values.js';
import { ErrorNote } from '../ui.jsx';
import { ItemEditor } from './item-editor.jsx';

const PAGE = 50;
/** Rows kept on screen at most: past it, "Load more" stops, so a long scan cannot bog the page down. */
const MAX_ROWS = 2000;
const SORT_OPS = ['=', '<', '<=', '>', '>=', 'begins_with', 'between'];

/** `#name` in an expression stands for the attribute `name`: the console fills ExpressionAttributeNames from them. */
function namesIn(...expressions) {
  const names = {};
  for (const expression of expressions) for (const [token, name] of expression.matchAll(/#([A-Za-z0-9_]+)/g)) names[token] = name;
  return names;
}

/** Scan or Query a table or one of its indexes, page by page (LastEvaluatedKey), and open items in the editor. */
export function Browser({ table }) {
  const indexes = [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])];
  const [form, setForm] = useState({ mode: 'scan', index: '', pk: '', skOp: '=', sk: '', sk2: '', filter: '', values: '' });
  const [result, setResult] = useState({ items: [], lastKey: undefined, scanned: 0, ran: false });
  const [error, setError] = useState(undefined);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState(undefined);
  const keySchema = form.index ? indexes.find((i) => i.IndexName === form.index)?.KeySchema ?? table.KeySchema : table.KeySchema;
  const typeOf = (name) => table.AttributeDefinitions.find((a) => a.AttributeName === name)?.AttributeType ?? 'S';
  const [hash, range] = [keySchema.find((k) => k.KeyType === 'HASH')?.AttributeName, keySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName];
  const set = (field) => (e) => setForm({ ...form, [field]: e.currentTarget.value });

  const request = (startKey) => {
    const values = form.values.trim() ? JSON.parse(form.values) : {};
    const input = { TableName: table.TableName, Limit: PAGE, ...(form.index && { IndexName: form.index }), ...(startKey && { ExclusiveStartKey: startKey }) };
    // The key attributes go by their own placeholders (#k0, #k1): their names may hold characters an
    // expression cannot; the filter's #names stand for themselves.
    const names = namesIn(form.filter);
    if (form.mode === 'query') {
      let condition = '#k0 = :k0';
      names['#k0'] = hash;
      values[':k0'] = { [typeOf(hash)]: form.pk };
      if (range && form.sk !== '') {
        const t = typeOf(range);
        names['#k1'] = range;
        values[':k1'] = { [t]: form.sk };
        if (form.skOp === 'begins_with') condition += ' AND begins_with(#k1, :k1)';
        else if (form.skOp === 'between') {
          values[':k2'] = { [t]: form.sk2 };
          condition += ' AND #k1 BETWEEN :k1 AND :k2';
        } else condition += ` AND #k1 ${form.skOp} :k1`;
      }
      input.KeyConditionExpression = condition;
    }
    if (form.filter.trim()) input.FilterExpression = form.filter.trim();
    if (Object.keys(names).length) input.ExpressionAttributeNames = names;
    if (Object.keys(values).length) input.ExpressionAttributeValues = values;
    return input;
  };

  const run = async (more) => {
    setLoading(true);
    setError(undefined);
    try {
      const input = request(more ? result.lastKey : undefined);
      const answer = await api.dynamodb(form.mode === 'query' ? 'Query' : 'Scan', input);
      setResult((old) => ({
        items: more ? [...old.items, ...answer.Items] : answer.Items,
        lastKey: answer.LastEvaluatedKey,
        scanned: (more ? old.scanned : 0) + (answer.ScannedCount ?? 0),
        ran: true,
      }));
    } catch (failure) {
      setError(failure instanceof SyntaxError ? { type: 'Values', message: `Expression values are not JSON: ${failure.message}` } : failure);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    run(false);
  }, [table.TableName]);

  const keyNames = table.KeySchema.map((k) => k.AttributeName);
  const columns = columnsOf(result.items.slice(0, 200), [...new Set([...keyNames, ...keySchema.map((k) => k.AttributeName)])]);
  return (
    <div>
      <form
        class="panel query-form"
        onSubmit={(e) => {
          e.preventDefault();
          run(false);
        }}
        data-form="browse"
      >
        <div class="row">
          <div class="segmented">
            {['scan', 'query'].map((mode) => (
              <button type="button" key={mode} class={form.mode === mode ? 'active' : ''} onClick={() => setForm({ ...form, mode })} data-mode={mode}>
                {mode === 'scan' ? 'Scan' : 'Query'}
              </button>
            ))}
          </div>
          <select value={form.index} onChange={set('index')} aria-label="Table or index">
            <option value="">Table: {table.TableName}</option>
            {indexes.map((i) => <option key={i.IndexName} value={i.IndexName}>Index: {i.IndexName}</option>)}
          </select>
          {form.mode === 'query' && (
            <>
              <label class="inline"><span class="mono">{hash}</span> =<input name="pk" required value={form.pk} onInput={set('pk')} placeholder={typeOf(hash)} /></label>
              {range && (
                <label class="inline">
                  <span class="mono">{range}</span>
                  <select value={form.skOp} onChange={set('skOp')}>{SORT_OPS.map((op) => <option key={op}>{op}</option>)}</select>
                  <input name="sk" value={form.sk} onInput={set('sk')} placeholder={`${typeOf(range)} (optional)`} />
                  {form.skOp === 'between' && <input name="sk2" value={form.sk2} onInput={set('sk2')} placeholder="and" />}
                </label>
              )}
            </>
          )}
        </div>
        <div class="row">
          <input class="grow mono" name="filter" value={form.filter} onInput={set('filter')} placeholder="Filter expression, e.g. #status = :s AND size(#tags) > :n" />
          <input class="grow mono" name="values" value={form.values} onInput={set('values')} placeholder='Values, e.g. {":s": {"S": "open"}, ":n": {"N": "1"}}' />
          <button class="primary" type="submit" disabled={loading} data-action="run">{form.mode === 'query' ? 'Query' : 'Scan'}</button>
          <button type="button" onClick={() => setEditing({ item: Object.fromEntries(table.KeySchema.map((k) => [k.AttributeName, { [typeOf(k.AttributeName)]: '' }])), isNew: true })} data-action="new-item">
            New item
          </button>
        </div>
      </form>
      <ErrorNote error={error} />
      <section class="panel flush">
        <div class="table-scroll">
          <table class="grid items" data-list="items">
            <thead>
              <tr>{columns.map((c) => <th key={c} class={keyNames.includes(c) ? 'key-col' : ''}>{c}</th>)}</tr>
            </thead>
            <tbody>
              {result.items.map((item) => (
                <tr key={JSON.stringify(keyOf(item, table.KeySchema))} class="clickable" onClick={() => setEditing({ item })} data-item={keyNames.map((k) => shortValue(item[k])).join('|')}>
                  {columns.map((c) => (
                    <td key={c} class={`mono ${item[c] && 'N' in item[c] ? 'num' : ''}`} title={item[c] ? JSON.stringify(item[c]) : ''}>{shortValue(item[c])}</td>
                  ))}
                </tr>
              ))}
              {result.ran && result.items.length === 0 && <tr><td colSpan={columns.length || 1} class="muted empty">No items.</td></tr>}
            </tbody>
          </table>
        </div>
        <footer class="pager">
          <span class="muted">
            {result.items.length.toLocaleString()} items{form.mode === 'scan' || form.filter ? ` · ${result.scanned.toLocaleString()} scanned` : ''}
            {result.lastKey ? ' · more available' : result.ran ? ' · end' : ''}
          </span>
          {result.lastKey && result.items.length < MAX_ROWS && (
            <button onClick={() => run(true)} disabled={loading} data-action="more">Load more</button>
          )}
          {result.items.length >= MAX_ROWS && <span class="muted">showing the first {MAX_ROWS}: narrow the query to see others</span>}
        </footer>
      </section>
      {editing && (
        <ItemEditor
          table={table}
          item={editing.item}
          isNew={editing.isNew}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            run(false);
          }}
        />
      )}
    </div>
  );
}
