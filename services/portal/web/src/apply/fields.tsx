import { ReactNode, useEffect, useState } from 'react';
import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';

/** A labelled text field with its help text and, when invalid, the message beside it. */
export function TextInput(props: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string;
  description?: ReactNode;
  status?: ReactNode;
  isRequired?: boolean;
  type?: string;
  inputMode?: 'numeric' | 'text' | 'email' | 'tel';
  autoComplete?: string;
  maxLength?: number;
}) {
  return (
    <TextField
      name={props.name}
      value={props.value}
      onChange={props.onChange}
      onBlur={props.onBlur}
      isInvalid={!!props.error}
      isRequired={props.isRequired}
      type={props.type}
      inputMode={props.inputMode}
      autoComplete={props.autoComplete ?? 'off'}
      maxLength={props.maxLength}
      data-field={props.name}
    >
      <Label>{props.label}</Label>
      <Input />
      {props.description && <Text slot="description">{props.description}</Text>}
      {props.status && !props.error && (
        <Text slot="description" className="field-status">
          {props.status}
        </Text>
      )}
      <FieldError>{props.error ?? ''}</FieldError>
    </TextField>
  );
}

/** A native select with its label and, when invalid, the message beside it (phones show their own picker). */
export function SelectInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  placeholder: string;
  error?: string;
  description?: ReactNode;
  isDisabled?: boolean;
  isRequired?: boolean;
}) {
  const errorId = `${props.id}-error`;
  const helpId = `${props.id}-help`;
  const describedBy = [props.description ? helpId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="select-field" data-field={props.id}>
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        aria-required={props.isRequired || undefined}
        disabled={props.isDisabled}
      >
        <option value="">{props.placeholder}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.description && (
        <p id={helpId} className="help">
          {props.description}
        </p>
      )}
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** The value after it has stopped changing for `ms` (for calls made as the applicant types). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Rupiah for display, e.g. `Rp50.000.000`. */
export function formatRupiah(value: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-ID' : 'id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(value);
}

/** A file size for people: `5 MB`, `820 kB`. */
export function formatBytes(bytes: number, language: string): string {
  const locale = language === 'en' ? 'en-ID' : 'id-ID';
  if (bytes >= 1024 * 1024) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.ceil(bytes / 1024))} kB`;
}
