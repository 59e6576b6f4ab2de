// Lint rules: strict typed linting for the extension, the sandbox, the webviews and the tests, and the layering
// (CONTRIBUTING.md's map) as import restrictions per folder, so that the architecture does not depend on memory.
import tseslint from 'typescript-eslint';

/** The user-facing features: each folder holds one feature's host side and never imports another's internals. */
const features = ['importWizard', 'testConsole', 'policies', 'pools', 'teams', 'usage'];

/**
 * Import restrictions for the files under `base`, by depth, since every import is relative: `allowed` lists what a
 * file there may reach, as paths from the folder that holds `base` (src/ for src/domain, the repository for webview-ui).
 */
function layer(base, { allowed, vscode = true, message }) {
  const blocks = [];
  for (let up = 1; up <= 4; up++) {
    const files = [`${base}/${'*/'.repeat(up - 1)}*.ts`];
    const patterns = [
      { regex: `^(\\.\\./){${up}}(?!(${allowed.join('|')})(/|$))[^.]`, message },
      { regex: `^(\\.\\./){${up + 1}}`, message },
    ];
    const paths = vscode ? [] : [{ name: 'vscode', message: `${base} never imports 'vscode': it runs and is tested without VS Code.` }];
    blocks.push({ files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });
  }
  return blocks;
}

const otherFeatures = (own) => features.filter((f) => f !== own);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'out/**', 'test-results/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['scripts/*.mjs', 'eslint.config.mjs', 'test/e2e/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  ...layer('src/domain', {
    allowed: ['domain'],
    vscode: false,
    message: 'The domain is pure: it imports only src/domain (never the shell, the protocol or the sandbox).',
  }),
  ...layer('src/protocol', {
    allowed: ['protocol', 'domain'],
    vscode: false,
    message: 'src/protocol holds messages and parsers: it imports only src/protocol and src/domain.',
  }),
  ...layer('src/sandbox', {
    allowed: ['sandbox', 'domain'],
    vscode: false,
    message: 'The sandbox is a local Azure: it imports only src/sandbox and src/domain, never the extension.',
  }),
  ...features.flatMap((own) =>
    layer(`src/${own}`, {
      allowed: ['apim', 'azure', 'contributes', 'domain', 'explorer', 'log', 'protocol', 'ui', 'webview', own],
      message: `src/${own} is one feature: it reaches others through commands, never their internals (${otherFeatures(own).join(', ')}).`,
    }),
  ),
  ...layer('webview-ui', {
    allowed: ['webview-ui', 'src/protocol'],
    vscode: false,
    message: 'A webview imports only webview-ui/ and src/protocol/: it talks to the host through messages.',
  }),
);
