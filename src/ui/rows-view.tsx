import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { textStyle } from './theme.js';
import type { Row } from './rows.js';

const RowLine = memo(function RowLine({ row, color }: { row: Row; color: boolean }) {
  // an empty Text would take no height and pull the rows below it up
  if (!row.some((c) => c.text)) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {row.map((c, j) => (
        <Text key={j} {...textStyle(c.style, color)}>
          {c.text}
        </Text>
      ))}
    </Text>
  );
});

/** Exactly these rows, one terminal line each. */
export function Rows({ rows, color }: { rows: Row[]; color: boolean }) {
  return (
    <Box flexDirection="column" height={rows.length}>
      {rows.map((r, i) => (
        <RowLine key={i} row={r} color={color} />
      ))}
    </Box>
  );
}
