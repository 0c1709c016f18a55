import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, EXPORT_FORMAT_LABELS, PIVOT_LEVELS, PIVOT_LEVEL_TYPES, REPORT_ENTITIES, entityPluralLabel, nameFieldOf, reportRunTone } from './report-labels.ts';
import { editReportPath, latestRunPath, reportPath, reportRunPath } from './report-paths.ts';

describe('report labels', () => {
  it('lists every inventory type a report can list, and names them', () => {
    expect([...REPORT_ENTITIES].sort()).toEqual(
      ['Datacenter', 'Server', 'Application', 'Database', 'LoadBalancer', 'Resource', 'System', 'Client', 'Volume', 'Snapshot', 'Image', 'Flavor', 'Network', 'Service'].sort(),
    );
    expect(entityPluralLabel('LoadBalancer')).toBe('Load balancers');
    expect(entityPluralLabel('Widget')).toBe('Widget');
    expect(entityPluralLabel(null)).toBe('—');
  });

  it('knows each pivot level’s type and the field that names its items', () => {
    expect(PIVOT_LEVELS).toEqual(['CLIENT', 'SYSTEM', 'APPLICATION', 'SERVER', 'DATABASE', 'LOAD_BALANCER']);
    expect(PIVOT_LEVEL_TYPES.LOAD_BALANCER).toBe('LoadBalancer');
    expect(nameFieldOf('Server')).toBe('hostname');
    expect(nameFieldOf('Client')).toBe('name');
  });

  it('offers every export format, in words', () => {
    expect(EXPORT_FORMATS).toHaveLength(7);
    expect(EXPORT_FORMATS.map((format) => EXPORT_FORMAT_LABELS[format])).toEqual(['CSV', 'JSON', 'XML', 'XLSX', 'PDF', 'Ansible INI', 'Ansible YAML']);
  });

  it('colours where a run is', () => {
    expect(reportRunTone('SUCCEEDED')).toBe('up');
    expect(reportRunTone('FAILED')).toBe('down');
    expect(reportRunTone('CANCELLED')).toBe('warn');
    expect(reportRunTone('RUNNING')).toBe('busy');
    expect(reportRunTone('QUEUED')).toBe('idle');
  });

  it('puts the pages at their addresses', () => {
    expect(reportPath('UmVwb3J0OmE')).toBe('/reports/UmVwb3J0OmE');
    expect(editReportPath('r')).toBe('/reports/r/edit');
    expect(latestRunPath('r')).toBe('/reports/r/latest');
    expect(reportRunPath('run')).toBe('/reports/runs/run');
  });
});
