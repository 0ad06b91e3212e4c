"""Disassembles the first C2-compiled method of a -XX:CompileCommand=print log whose [MachCode] section holds raw
bytes (the JVM printed hex because it found no working disassembler). Usage:
    java ... -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,CLASS::METHOD ... > log.txt
    python3 jmh/tools/machcode_to_asm.py log.txt > method.s        (needs binutils' objdump)
"""
import sys,re,subprocess
txt=open(sys.argv[1]).read()
i=txt.index('Compiled method (c2)')
mc=txt[txt.index('[MachCode]',i):txt.index('[/MachCode]',i)]
data=bytearray(); start=None
for line in mc.splitlines():
    m=re.match(r'\s+(0x[0-9a-f]+): ((?:[0-9a-f]{2,8}\s*\|?\s*)+)$',line)
    if m and not line.strip().endswith(';'):
        addr=int(m.group(1),16)
        hexs=re.sub(r'[\s|]','',m.group(2))
        if start is None: start=addr
        if addr!=start+len(data): 
            data+=b'\x90'*(addr-start-len(data)) if addr>start+len(data) else b''
        data+=bytes.fromhex(hexs)
open('/tmp/code.bin','wb').write(data)
out=subprocess.run(['objdump','-D','-b','binary','-mi386:x86-64','--adjust-vma=%#x'%start,'/tmp/code.bin'],capture_output=True,text=True).stdout
print(out)
