import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FieldError, Form, Input, Label, TextField } from 'react-aria-components';
import { Link, useNavigate } from 'react-router';
import { useTitle } from './useTitle';

/** What the portal does, and the ways in: apply, track an application, check a permit. */
export function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [permitNumber, setPermitNumber] = useState('');
  const [missing, setMissing] = useState(false);
  useTitle(t('home.title'));

  const verify = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const number = permitNumber.trim();
    if (!number) return setMissing(true);
    void navigate(`/verifikasi/${encodeURIComponent(number)}`);
  };

  return (
    <>
      <h1>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <section aria-labelledby="home-apply" className="card">
        <h2 id="home-apply">{t('apply.home.title')}</h2>
        <p>{t('apply.home.text')}</p>
        <Link className="button-link" to="/ajukan">
          {t('apply.home.link')}
        </Link>
      </section>
      <section aria-labelledby="home-track" className="card">
        <h2 id="home-track">{t('home.trackTitle')}</h2>
        <p>{t('home.trackText')}</p>
        <Link className="button-link" to="/lacak">
          {t('home.trackLink')}
        </Link>
      </section>
      <section aria-labelledby="home-verify" className="card">
        <h2 id="home-verify">{t('home.verifyTitle')}</h2>
        <p>{t('home.verifyText')}</p>
        <Form onSubmit={verify} validationBehavior="aria">
          <TextField name="permitNumber" value={permitNumber} onChange={(v) => (setPermitNumber(v), setMissing(false))} isInvalid={missing} isRequired>
            <Label>{t('home.permitNumber')}</Label>
            <Input autoComplete="off" />
            <FieldError>{t('track.required')}</FieldError>
          </TextField>
          <Button type="submit">{t('home.verifyButton')}</Button>
        </Form>
      </section>
    </>
  );
}
