import { defineConfig } from 'vite';

/**
 * Two builds into dist/:
 * - default mode: the Lit widgets as ES chunks with stable entry names
 *   (dist/widgets/NAME.js) and one shared Lit chunk, and the tracker's lazy
 *   chunks (widgets/tracker-more.js, widgets/vitals.js, widgets/impressions.js, widgets/retry.js) that embed.js
 *   imports;
 * - `--mode embed`: embed.js, a standalone minified IIFE (no Lit, no zod).
 * `vitest` reads the `test` block.
 */
export default defineConfig(({ mode }) =>
  mode === 'embed'
    ? {
        publicDir: false,
        build: {
          emptyOutDir: false,
          target: 'es2021',
          minify: true,
          lib: { entry: 'widgets/embed.ts', formats: ['iife'], name: 'leadlineEmbed', fileName: () => 'embed.js' },
        },
      }
    : {
        publicDir: false,
        build: {
          target: 'es2022',
          modulePreload: false,
          rolldownOptions: {
            input: {
              'leadline-form': 'widgets/lead-form/lead-form.ts',
              'leadline-chat': 'widgets/support-chat/support-chat.ts',
              'leadline-admin': 'widgets/admin-dashboard/admin-dashboard.ts',
              vitals: 'widgets/vitals.ts',
              impressions: 'widgets/tracker/impressions.ts',
              retry: 'widgets/tracker/retry.ts',
              'tracker-more': 'widgets/tracker/more.ts',
              'leadline-capture': 'widgets/form-capture/form-capture.ts',
              'leadline-survey': 'widgets/survey/survey.ts',
            },
            preserveEntrySignatures: 'exports-only',
            output: {
              entryFileNames: 'widgets/[name].js',
              chunkFileNames: 'widgets/chunks/[name]-[hash].js',
              codeSplitting: {
                groups: [{ name: 'lit', test: /node_modules[\\/](lit|lit-html|lit-element|@lit)[\\/]/ }],
              },
            },
          },
        },
        test: {
          include: ['test/server/**/*.test.ts', 'test/build/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
);
