import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote, Modal } from '../ui.jsx';

const TYPES = ['S', 'N', 'B'];

/** CreateTable from a form: keys, stream view type, on-demand billing. */
export function CreateTable({ onClose, onCreated }) {
  const [form, setForm] = useState({ name: '', pk: 'pk', pkType: 'S', sk: '', skType: 'S', stream: 'NEW_AND_OLD_IMAGES' });
  const [error, setError] = useState(undefined);
  const [busy, setBusy] = useState(false);
  const set = (field) => (e) => setForm({ ...form, [field]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const keys = [{ AttributeName: form.pk, KeyType: 'HASH', type: form.pkType }, ...(form.sk ? [{ AttributeName: form.sk, KeyType: 'RANGE', type: form.skType }] : [])];
    try {
      await api.dynamodb('CreateTable', {
        TableName: form.name,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: keys.map(({ AttributeName, KeyType }) => ({ AttributeName, KeyType })),
        AttributeDefinitions: keys.map(({ AttributeName, type }) => ({ AttributeName, AttributeType: type })),
        ...(form.stream && { StreamSpecification: { StreamEnabled: true, StreamViewType: form.stream } }),
      });
      onCreated(form.name);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <Modal title="Create table" onClose={onClose}>
      <form class="form" onSubmit={submit} data-form="create-table">
        <label>Table name<input name="name" required value={form.name} onInput={set('name')} autoFocus /></label>
        <div class="row">
          <label class="grow">Partition key<input name="pk" required value={form.pk} onInput={set('pk')} /></label>
          <label>Type<select value={form.pkType} onChange={set('pkType')}>{TYPES.map((t) => <option key={t}>{t}</option>)}</select></label>
        </div>
        <div class="row">
          <label class="grow">Sort key <small>(optional)</small><input name="sk" value={form.sk} onInput={set('sk')} /></label>
          <label>Type<select value={form.skType} onChange={set('skType')}>{TYPES.map((t) => <option key={t}>{t}</option>)}</select></label>
        </div>
        <label>Stream
          <select value={form.stream} onChange={set('stream')}>
            <option value="">No stream</option>
            <option>NEW_AND_OLD_IMAGES</option>
            <option>NEW_IMAGE</option>
            <option>OLD_IMAGE</option>
            <option>KEYS_ONLY</option>
          </select>
        </label>
        <ErrorNote error={error} />
        <footer>
          <button type="button" onClick={onClose}>Cancel</button>
          <button class="primary" disabled={busy} type="submit">Create</button>
        </footer>
      </form>
    </Modal>
  );
}
