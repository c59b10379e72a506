#!/usr/bin/env node
// Generates libs/domain/src/data/regions-2025.json from the CSV files of the idn-area-data package
// (Kepmendagri 300.2.2-2138/2025). Run from the repository root:
//
//   node libs/domain/scripts/generate-regions.mjs [--date YYYY-MM-DD] [--check]
//
// --date  sets the `generatedAt` header field (default: today, UTC), so a regeneration can be reproduced byte for byte
// --check regenerates in memory and exits 1 if the committed file differs (ignoring `generatedAt`)
//
// Only the CSV files are read (never the package's JavaScript, which is ESM-only and needs Node 22).
//
// Output (see the `format` field of the header for the same description):
//   provinces: [code2, name][]
//   regencies: [code4, name][]                      province = first 2 digits
//   districts: [code6, name, villageSuffixes][]     regency = first 4 digits
//     villageSuffixes: the last 4 digits of the district's desa/kelurahan codes, ascending, consecutive runs
//     written as ranges: "1001-1006,2001,2003-2010". Village names are not included, to keep the file small.
//
// Licence: the data is the idn-area-data database, © its authors, made available under the Open Database License
// (ODbL) 1.0; the generated file is a Derivative Database under the same licence. See libs/domain/DATA-LICENSES.md.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outFile = resolve(here, '../src/data/regions-2025.json');
const require = createRequire(import.meta.url);

const EXPECTED_VERSION = '4.0.1';
const SOURCE_REGULATION = 'Kepmendagri 300.2.2-2138/2025';

function fail(message) {
  console.error(`generate-regions: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { date: new Date().toISOString().slice(0, 10), check: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--date') args.date = argv[++i];
    else if (argv[i] === '--check') args.check = true;
    else fail(`unknown argument ${argv[i]}`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(args.date ?? '')) fail('--date must be YYYY-MM-DD');
  return args;
}

/** Locates the installed package without loading its (ESM) entry point. */
function packageDir() {
  let pkgJson;
  try {
    pkgJson = require.resolve('idn-area-data/package.json');
  } catch {
    // Packages with an "exports" map may hide package.json; fall back to the conventional location.
    pkgJson = resolve(here, '../../../node_modules/idn-area-data/package.json');
  }
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
  if (pkg.name !== 'idn-area-data') fail(`unexpected package at ${pkgJson}`);
  if (pkg.version !== EXPECTED_VERSION) {
    fail(`idn-area-data ${pkg.version} found, ${EXPECTED_VERSION} expected: update EXPECTED_VERSION, the header and DATA-LICENSES.md together`);
  }
  return dirname(pkgJson);
}

/** RFC 4180 CSV parser (quoted fields, doubled quotes, commas inside quotes); returns rows of strings. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) fail('unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readTable(dir, name, header) {
  const rows = parseCsv(readFileSync(join(dir, 'data', `${name}.csv`), 'utf8')).filter((r) => r.length > 1 || r[0] !== '');
  const [head, ...body] = rows;
  if (head.join(',') !== header.join(',')) fail(`${name}.csv: header ${head.join(',')} != ${header.join(',')}`);
  for (const r of body) if (r.length !== header.length) fail(`${name}.csv: bad row ${JSON.stringify(r)}`);
  return body;
}

const undot = (code) => code.replace(/\./g, '');
const clean = (name) => name.replace(/\s+/g, ' ').trim();

/** [2001,2002,2003,2005] → "2001-2003,2005" */
function encodeSuffixes(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const from = String(sorted[i]).padStart(4, '0');
    const to = String(sorted[j]).padStart(4, '0');
    parts.push(i === j ? from : `${from}-${to}`);
    i = j + 1;
  }
  return parts.join(',');
}

function build(dir, generatedAt) {
  const provinces = readTable(dir, 'provinces', ['code', 'name']).map(([code, name]) => {
    if (!/^\d{2}$/.test(code)) fail(`province code ${code}`);
    return [code, clean(name)];
  });
  const provinceCodes = new Set(provinces.map(([c]) => c));

  const regencies = readTable(dir, 'regencies', ['code', 'province_code', 'name']).map(([code, provinceCode, name]) => {
    if (!/^\d{2}\.\d{2}$/.test(code)) fail(`regency code ${code}`);
    if (!provinceCodes.has(provinceCode) || !code.startsWith(`${provinceCode}.`)) fail(`regency ${code} / ${provinceCode}`);
    return [undot(code), clean(name)];
  });
  const regencyCodes = new Set(regencies.map(([c]) => c));

  const districts = readTable(dir, 'districts', ['code', 'regency_code', 'name']).map(([code, regencyCode, name]) => {
    if (!/^\d{2}\.\d{2}\.\d{2}$/.test(code)) fail(`district code ${code}`);
    if (!regencyCodes.has(undot(regencyCode)) || !code.startsWith(`${regencyCode}.`)) fail(`district ${code} / ${regencyCode}`);
    return [undot(code), clean(name)];
  });
  const suffixesByDistrict = new Map(districts.map(([c]) => [c, []]));

  const villages = readTable(dir, 'villages', ['code', 'district_code', 'name']);
  const kinds = { 1: 0, 2: 0, 3: 0 };
  const seen = new Set();
  for (const [code, districtCode] of villages) {
    if (!/^\d{2}\.\d{2}\.\d{2}\.[123]\d{3}$/.test(code)) fail(`village code ${code}`);
    if (!code.startsWith(`${districtCode}.`)) fail(`village ${code} / ${districtCode}`);
    const bare = undot(code);
    if (seen.has(bare)) fail(`duplicate village ${code}`);
    seen.add(bare);
    const list = suffixesByDistrict.get(bare.slice(0, 6));
    if (!list) fail(`village ${code}: unknown district ${districtCode}`);
    list.push(Number(bare.slice(6)));
    kinds[bare[6]]++;
  }

  const byCode = (a, b) => a[0].localeCompare(b[0]);
  provinces.sort(byCode);
  regencies.sort(byCode);
  districts.sort(byCode);

  return {
    header: {
      dataset: 'Kode dan nama wilayah administrasi pemerintahan Indonesia (provinsi, kabupaten/kota, kecamatan, desa/kelurahan)',
      source: `${SOURCE_REGULATION} via idn-area-data ${EXPECTED_VERSION}`,
      sourceUrl: 'https://github.com/fityannugroho/idn-area-data',
      regulation: `${SOURCE_REGULATION} (Keputusan Menteri Dalam Negeri, 25 April 2025)`,
      license: 'ODbL-1.0',
      licenseName: 'Open Database License (ODbL) v1.0',
      licenseUrl: 'https://opendatacommons.org/licenses/odbl/1-0/',
      copyright: '© Fityan (fityannugroho) and the contributors of idn-area-data; data from Kementerian Dalam Negeri',
      attribution:
        'Contains information from idn-area-data (https://github.com/fityannugroho/idn-area-data), which is made ' +
        'available here under the Open Database License (ODbL) (https://opendatacommons.org/licenses/odbl/1-0/).',
      derivative:
        'Derivative Database of idn-area-data, also under ODbL 1.0: codes without dots, names whitespace-normalised, ' +
        'village names dropped and village codes reduced to per-district suffix ranges, islands omitted.',
      generator: 'libs/domain/scripts/generate-regions.mjs',
      generatedAt,
      format: {
        provinces: '[code2, name][]',
        regencies: '[code4, name][] (province = first 2 digits)',
        districts:
          '[code6, name, villageSuffixes][] (regency = first 4 digits); villageSuffixes = last 4 digits of the ' +
          "district's desa/kelurahan codes, ascending, consecutive runs as ranges, e.g. \"1001-1006,2001,2003-2010\"",
      },
      counts: {
        provinces: provinces.length,
        regencies: regencies.length,
        kabupaten: regencies.filter(([c]) => Number(c.slice(2)) < 70).length,
        kota: regencies.filter(([c]) => Number(c.slice(2)) >= 71).length,
        districts: districts.length,
        villages: seen.size,
        kelurahan: kinds[1],
        desa: kinds[2],
        desaAdat: kinds[3],
      },
    },
    provinces,
    regencies,
    districts: districts.map(([code, name]) => [code, name, encodeSuffixes(suffixesByDistrict.get(code))]),
  };
}

/** One row per line: readable diffs when Kemendagri publishes a new list, still compact. */
function serialize(data) {
  const rows = (list) => list.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  return (
    '{\n' +
    `  "header": ${JSON.stringify(data.header, null, 2).replace(/\n/g, '\n  ')},\n` +
    `  "provinces": [\n${rows(data.provinces)}\n  ],\n` +
    `  "regencies": [\n${rows(data.regencies)}\n  ],\n` +
    `  "districts": [\n${rows(data.districts)}\n  ]\n` +
    '}\n'
  );
}

const args = parseArgs(process.argv.slice(2));
const dir = packageDir();

if (args.check) {
  let committed;
  try {
    committed = JSON.parse(readFileSync(outFile, 'utf8'));
  } catch (error) {
    fail(`cannot read ${outFile}: ${error.message}`);
  }
  const fresh = build(dir, committed.header.generatedAt);
  if (serialize(fresh) !== serialize(committed)) fail(`${outFile} is out of date: regenerate it`);
  console.log(`${outFile} is up to date`);
} else {
  const data = build(dir, args.date);
  const text = serialize(data);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, text);
  console.log(`wrote ${outFile}: ${Buffer.byteLength(text)} bytes`, data.header.counts);
}
