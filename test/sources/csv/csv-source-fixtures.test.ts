import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CsvSource } from '../../../src/sources/csv/index.js';
import { readAll, readWithSummary } from './csv-test-files.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/csv/${name}`, import.meta.url));

describe('CsvSource on spreadsheet exports', () => {
  it('reads a UTF-8 export with BOM, CRLF, semicolons and a quoted line break', async () => {
    const source = new CsvSource({
      name: 'hr',
      path: fixture('hr-export-utf8-bom-semicolon.csv'),
      requiredColumns: ['Matrícula', 'E-mail', 'Gestor'],
    });
    const { entries, summary } = await readWithSummary(source);
    expect(entries.map((e) => e.origin)).toEqual([
      'hr-export-utf8-bom-semicolon.csv line 2',
      'hr-export-utf8-bom-semicolon.csv line 3',
      'hr-export-utf8-bom-semicolon.csv line 4',
      'hr-export-utf8-bom-semicolon.csv line 7',
    ]);
    expect(entries[1]?.attributes).toEqual({
      Matrícula: ['1002'],
      'Nome completo': ['Ana Luíza "Lu" Prado'],
      'E-mail': ['ana.prado@example.com.br'],
      Departamento: ['Pesquisa; Desenvolvimento'],
      'Centro de custo': ['CC-200'],
      Gestor: ['1001'],
    });
    expect(entries[0]?.attributes['Gestor']).toEqual(['']);
    expect(entries[2]?.attributes['Nome completo']).toEqual(['Gonçalves,\r\nMárcio']);
    expect(entries[3]?.attributes['Nome completo']).toEqual(['Zoë Ülker']);
    expect(summary).toMatchObject({ entries: 4, issues: [] });
  });

  it('reads a Windows-1252 tab-separated export without being told its encoding or delimiter', async () => {
    const source = new CsvSource({ name: 'hr', path: fixture('hr-export-windows-1252-tab.csv'), requiredColumns: ['Personalnummer', 'E-Mail'] });
    const entries = await readAll(source);
    expect(entries.map((e) => [e.line, e.attributes['Name']?.[0]])).toEqual([
      [2, 'Jürgen Müller'],
      [3, 'Sophie Weiß'],
      [4, 'François Lefèvre'],
    ]);
    expect(entries.map((e) => e.attributes['Bemerkung']?.[0])).toEqual(['Budget 5.000 €', '„Chefin“ – seit 2019', '']);
    expect(entries[1]?.attributes['Abteilung']).toEqual(['Geschäftsführung']);
  });

});
