import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, CheckboxGroup, FieldError, Form, Input, Label, TextField } from 'react-aria-components';
import { OfficeChange, officerApi, OfficeView } from './api';
import { ActionError, allPlaced, fieldErrors } from './refusal';

export const TIMEZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
const DAYS = [1, 2, 3, 4, 5, 6, 0];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Field = 'name' | 'address' | 'timezone' | 'permitNumberTemplate' | 'verificationDays' | 'approvalDays' | 'weekendDays' | 'holidays';

function fieldOf(apiField: string): Field | undefined {
  if (apiField.startsWith('serviceLevels.verificationDays')) return 'verificationDays';
  if (apiField.startsWith('serviceLevels.approvalDays')) return 'approvalDays';
  if (apiField.startsWith('calendar.weekendDays')) return 'weekendDays';
  if (apiField.startsWith('calendar.holidays')) return 'holidays';
  return (['name', 'address', 'timezone', 'permitNumberTemplate'] as const).find((f) => apiField === f);
}

/**
 * An office's settings: name, address, time zone, the permit-number template, the service levels and the
 * calendar (weekend days and holidays). Saved as one change; the service's refusals appear beside the field.
 */
export function OfficeForm({ office, showActive }: { office: OfficeView; showActive: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    name: office.name,
    address: office.address,
    timezone: office.timezone,
    permitNumberTemplate: office.permitNumberTemplate,
    verificationDays: String(office.serviceLevels.verificationDays),
    approvalDays: String(office.serviceLevels.approvalDays),
  });
  const [weekendDays, setWeekendDays] = useState(office.calendar.weekendDays.map(String));
  const [holidays, setHolidays] = useState(office.calendar.holidays);
  const [active, setActive] = useState(office.active);
  const [newHoliday, setNewHoliday] = useState('');
  const [local, setLocal] = useState<Partial<Record<Field | 'newHoliday', string>>>({});
  const [saved, setSaved] = useState(false);

  const save = useMutation({
    mutationFn: (change: OfficeChange) => officerApi.updateOffice(office.code, change),
    onSuccess: (view) => {
      queryClient.setQueryData(['office', office.code], view);
      setHolidays(view.calendar.holidays);
      setSaved(true);
    },
  });
  const server = fieldErrors(t, save.error, fieldOf);
  const messageOf = (field: Field) => local[field] ?? server[field];

  const set = (field: keyof typeof values) => (value: string) => {
    setValues((old) => ({ ...old, [field]: value }));
    setLocal((old) => ({ ...old, [field]: undefined }));
    setSaved(false);
  };

  const addHoliday = () => {
    const date = newHoliday.trim();
    if (!DATE.test(date) || Number.isNaN(Date.parse(date))) {
      setLocal((old) => ({ ...old, newHoliday: t('officer.settings.dateFormat') }));
      return;
    }
    setHolidays((old) => [...new Set([...old, date])].sort());
    setNewHoliday('');
    setLocal((old) => ({ ...old, newHoliday: undefined, holidays: undefined }));
    setSaved(false);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Partial<Record<Field, string>> = {};
    for (const field of ['name', 'permitNumberTemplate'] as const) if (!values[field].trim()) problems[field] = t('officer.required');
    for (const field of ['verificationDays', 'approvalDays'] as const) if (!/^\d{1,3}$/.test(values[field].trim())) problems[field] = t('officer.settings.days');
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    save.mutate({
      name: values.name.trim(),
      address: values.address.trim(),
      timezone: values.timezone,
      permitNumberTemplate: values.permitNumberTemplate.trim(),
      serviceLevels: { verificationDays: Number(values.verificationDays), approvalDays: Number(values.approvalDays) },
      calendar: { weekendDays: weekendDays.map(Number).sort(), holidays },
      ...(showActive ? { active } : {}),
    });
  };

  const text = (field: keyof typeof values, description?: string) => (
    <TextField value={values[field]} onChange={set(field)} isInvalid={!!messageOf(field)} isRequired={field !== 'address'}>
      <Label>{t(`officer.settings.field.${field}`)}</Label>
      <Input autoComplete="off" spellCheck={false} />
      {description && <p className="hint">{description}</p>}
      <FieldError>{messageOf(field) ?? ''}</FieldError>
    </TextField>
  );

  return (
    <Form onSubmit={onSubmit} validationBehavior="aria" className="card office-form" aria-label={t('officer.settings.formLabel', { code: office.code })}>
      <fieldset>
        <legend>{t('officer.settings.general')}</legend>
        <div className="form-grid">
          {text('name')}
          {text('address')}
          <label className="officer-select">
            <span>{t('officer.settings.field.timezone')}</span>
            <select value={values.timezone} onChange={(e) => set('timezone')(e.target.value)}>
              {TIMEZONES.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
            {messageOf('timezone') && <span className="error">{messageOf('timezone')}</span>}
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('officer.settings.numbering')}</legend>
        {text('permitNumberTemplate', t('officer.settings.templateHint'))}
      </fieldset>
      <fieldset>
        <legend>{t('officer.settings.serviceLevels')}</legend>
        <div className="form-grid">
          {text('verificationDays')}
          {text('approvalDays')}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('officer.settings.calendar')}</legend>
        <CheckboxGroup value={weekendDays} onChange={(v) => { setWeekendDays(v); setSaved(false); }} isInvalid={!!messageOf('weekendDays')} className="weekdays">
          <Label>{t('officer.settings.weekendDays')}</Label>
          <div className="weekday-list">
            {DAYS.map((day) => (
              <Checkbox key={day} value={String(day)} className="checkbox">
                <span className="checkbox-box" aria-hidden="true" />
                {t(`officer.settings.day.${day}`)}
              </Checkbox>
            ))}
          </div>
          <FieldError>{messageOf('weekendDays') ?? ''}</FieldError>
        </CheckboxGroup>
        <h3 id="holidays-title">{t('officer.settings.holidays')}</h3>
        {holidays.length === 0 ? (
          <p>{t('officer.settings.noHolidays')}</p>
        ) : (
          <ul aria-labelledby="holidays-title" className="holiday-list">
            {holidays.map((date) => (
              <li key={date}>
                <span className="mono">{date}</span>{' '}
                <Button
                  className="react-aria-Button secondary small"
                  onPress={() => {
                    setHolidays((old) => old.filter((d) => d !== date));
                    setSaved(false);
                  }}
                >
                  {t('officer.settings.removeHoliday', { date })}
                </Button>
              </li>
            ))}
          </ul>
        )}
        {messageOf('holidays') && <p className="error">{messageOf('holidays')}</p>}
        <div className="inline-add">
          <TextField value={newHoliday} onChange={(v) => { setNewHoliday(v); setLocal((old) => ({ ...old, newHoliday: undefined })); }} isInvalid={!!local.newHoliday}>
            <Label>{t('officer.settings.newHoliday')}</Label>
            <Input placeholder="2026-12-24" autoComplete="off" />
            <FieldError>{local.newHoliday ?? ''}</FieldError>
          </TextField>
          <Button onPress={addHoliday} className="react-aria-Button secondary">
            {t('officer.settings.addHoliday')}
          </Button>
        </div>
      </fieldset>
      {showActive && (
        <Checkbox isSelected={active} onChange={(v) => { setActive(v); setSaved(false); }} className="checkbox">
          <span className="checkbox-box" aria-hidden="true" />
          {t('officer.offices.active')}
        </Checkbox>
      )}
      <div className="action-row">
        <Button type="submit" isDisabled={save.isPending}>
          {t('officer.settings.save')}
        </Button>
        {saved && <p role="status" className="ok">{t('officer.settings.saved')}</p>}
        {save.error && !allPlaced(save.error, fieldOf) ? <ActionError error={save.error} /> : null}
      </div>
    </Form>
  );
}
