import json,glob,statistics,collections
d=collections.defaultdict(list)
for f in sorted(glob.glob(__import__('os').path.dirname(__import__('os').path.abspath(__file__))+'/*.json')):
    v,kind,rnd=f.split('/')[-1][:-5].split('-')
    for r in json.load(open(f)):
        w=r['params']['workload']
        d[(kind,w,rnd,v)].append((r['primaryMetric']['score'],r['primaryMetric']['scoreError']))
for kind in ['simd']:
    for w in ['mnist','wide']:
        ratios=[]
        for rnd in '123':
            o=d.get((kind,w,rnd,'old')); n=d.get((kind,w,rnd,'new'))
            if o and n:
                ratios.append(o[0][0]/n[0][0])
                print(kind,w,rnd,'old %.0f±%.0f new %.0f±%.0f  old/new %.3f'%(o[0][0],o[0][1],n[0][0],n[0][1],o[0][0]/n[0][0]))
        if ratios: print('  ',kind,w,'median old/new speedup %.3f, range %.3f-%.3f'%(statistics.median(ratios),min(ratios),max(ratios)))
