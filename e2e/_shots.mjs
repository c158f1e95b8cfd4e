import { chromium } from 'playwright-core';
const B='http://127.0.0.1:18211';
const b = await chromium.launch({executablePath:'/usr/bin/chromium',args:['--no-sandbox']});
const c = await b.newContext({viewport:{width:390,height:844},locale:'vi-VN'});
const p = await c.newPage();
async function login(who){await p.goto(B+'/login');await p.fill('#login',who);await p.fill('#password','chibo-demo');await Promise.all([p.waitForURL(u=>u.pathname==='/'),p.click('button[type=submit]')]);}
await login(process.argv[2]);
let path=process.argv[3]; if(path.includes('{scope}')){const h=await p.locator('a[data-testid=scope]').first().getAttribute('href'); path=path.replace('{scope}',h.split('/').pop());} if(path.includes('{cell}')){const h=await p.locator('a[data-testid=my-cell]').first().getAttribute('href'); path=path.replace('{cell}',h.split('?')[0].split('/').pop());} await p.goto(B+path);
const y = Number(process.argv[5]||0);
await p.evaluate((y)=>window.scrollTo(0,y), y);
await p.screenshot({path:process.argv[4]});
await b.close();
