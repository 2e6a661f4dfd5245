import { defineConfig } from 'vite';
export default defineConfig({
  test: { include: ['test/server/**/*.test.ts', 'test/e2e/**/*.test.ts'] },
});
