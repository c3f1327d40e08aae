import React from 'react';
import { render, Text } from 'ink';
import type { Workbook } from '../core/workbook.js';

export async function runTui(wb: Workbook, _o: { watch: boolean }): Promise<number> {
  const app = render(<Text>{wb.current()?.step.title[wb.lang]}</Text>);
  app.unmount();
  return 0;
}
