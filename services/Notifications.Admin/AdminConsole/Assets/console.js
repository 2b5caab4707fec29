(function(){var last=null;document.querySelectorAll('[data-merge-target]').forEach(function(el){el.addEventListener('focus',function(){last=el;});});
document.querySelectorAll('[data-merge-field]').forEach(function(b){b.addEventListener('click',function(){var t=last||document.getElementById('body');if(!t)return;
var v=b.getAttribute('data-merge-field'),s=t.selectionStart||0,e=t.selectionEnd||0;t.value=t.value.slice(0,s)+v+t.value.slice(e);t.focus();t.selectionStart=t.selectionEnd=s+v.length;
t.dispatchEvent(new Event('input',{bubbles:true}));});});})();
(function(){var f=document.getElementById('template-form');if(!f||!window.fetch)return;var timer=null,seq=0;
function $(id){return document.getElementById(id);}
function run(){var mine=++seq,d=new FormData(f);d.set('action','preview');
fetch('/console/templates/preview',{method:'POST',body:d,credentials:'same-origin'}).then(function(r){return r.json();}).then(function(p){if(mine!==seq)return;
var err=$('live-error');err.textContent=p.ok?'':p.error;err.hidden=!!p.ok;if(!p.ok)return;
var old=$('template-error');if(old)old.hidden=true;
$('preview-pane').hidden=false;$('preview-subject').textContent=p.subject;$('preview-text').textContent=p.text;
var h=$('preview-html');h.hidden=p.html===null;h.srcdoc=p.html||'';}).catch(function(){});}
f.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(run,300);});})();
