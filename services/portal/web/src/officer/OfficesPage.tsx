import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FieldError, Form, Input, Label, TextField } from 'react-aria-components';
import { useTitle } from '../pages/useTitle';
import type { Officer } from '../session/session';
import { officerApi } from './api';
import { OfficeForm, TIMEZONES } from './OfficeForm';
import { ActionError, allPlaced, fieldErrors } from './refusal';

/** The platform admin's offices: the list, one office's settings, a new office. */
export function OfficesPage(_props: { officer: Officer }) {
  const { t } = useTranslation();
  useTitle(t('officer.offices.title'));
  const offices = useQuery({ queryKey: ['offices'], queryFn: officerApi.offices });
  const [selected, setSelected] = useState<string>();
  return (
    <>
      <h1>{t('officer.offices.title')}</h1>
      <ActionError error={offices.error} />
      {offices.data && (
        <div className="table-wrap">
          <table className="data-table">
            <caption>{t('officer.offices.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('officer.offices.code')}</th>
                <th scope="col">{t('officer.settings.field.name')}</th>
                <th scope="col">{t('officer.settings.field.timezone')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('officer.offices.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {offices.data.map((office) => (
                <tr key={office.code}>
                  <th scope="row">{office.code}</th>
                  <td>{office.name}</td>
                  <td>{office.timezone}</td>
                  <td>
                    <Button className="react-aria-Button secondary small" onPress={() => setSelected(office.code)}>
                      {t('officer.offices.edit', { name: office.name })}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && <SelectedOffice code={selected} />}
      <CreateOffice onCreated={setSelected} />
    </>
  );
}

function SelectedOffice({ code }: { code: string }) {
  const { t } = useTranslation();
  const office = useQuery({ queryKey: ['office', code], queryFn: () => officerApi.office(code) });
  return (
    <section aria-labelledby="office-selected">
      <h2 id="office-selected">{t('officer.offices.settingsOf', { code })}</h2>
      <ActionError error={office.error} />
      {office.data && <OfficeForm key={code} office={office.data} showActive />}
    </section>
  );
}

type CreateField = 'code' | 'name' | 'address' | 'timezone';

function CreateOffice({ onCreated }: { onCreated: (code: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ code: '', name: '', address: '', timezone: 'Asia/Jakarta' });
  const [local, setLocal] = useState<Partial<Record<CreateField, string>>>({});
  const fieldOf = (f: string): CreateField | undefined => (['code', 'name', 'address', 'timezone'] as const).find((x) => x === f);
  const create = useMutation({
    mutationFn: () => officerApi.createOffice({ code: values.code.trim(), name: values.name.trim(), address: values.address.trim(), timezone: values.timezone }),
    onSuccess: (office) => {
      void queryClient.invalidateQueries({ queryKey: ['offices'] });
      setValues({ code: '', name: '', address: '', timezone: 'Asia/Jakarta' });
      onCreated(office.code);
    },
  });
  const server = fieldErrors(t, create.error, fieldOf);
  const messageOf = (f: CreateField) => local[f] ?? server[f];
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Partial<Record<CreateField, string>> = {};
    if (!/^\d{4}$/.test(values.code.trim())) problems.code = t('officer.offices.codeRule');
    if (!values.name.trim()) problems.name = t('officer.required');
    setLocal(problems);
    if (Object.keys(problems).length === 0) create.mutate();
  };
  const text = (f: 'code' | 'name' | 'address', label: string) => (
    <TextField value={values[f]} onChange={(v) => { setValues((o) => ({ ...o, [f]: v })); setLocal((o) => ({ ...o, [f]: undefined })); }} isInvalid={!!messageOf(f)} isRequired={f !== 'address'}>
      <Label>{label}</Label>
      <Input autoComplete="off" />
      <FieldError>{messageOf(f) ?? ''}</FieldError>
    </TextField>
  );
  return (
    <Form onSubmit={onSubmit} validationBehavior="aria" className="card" aria-labelledby="office-create">
      <h2 id="office-create">{t('officer.offices.create')}</h2>
      <div className="form-grid">
        {text('code', t('officer.offices.code'))}
        {text('name', t('officer.settings.field.name'))}
        {text('address', t('officer.settings.field.address'))}
        <label className="officer-select">
          <span>{t('officer.settings.field.timezone')}</span>
          <select value={values.timezone} onChange={(e) => setValues((o) => ({ ...o, timezone: e.target.value }))}>
            {TIMEZONES.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="action-row">
        <Button type="submit" isDisabled={create.isPending}>
          {t('officer.offices.createButton')}
        </Button>
        {create.error && !allPlaced(create.error, fieldOf) ? <ActionError error={create.error} /> : null}
      </div>
    </Form>
  );
}
