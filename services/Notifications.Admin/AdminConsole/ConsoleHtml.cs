using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;

namespace Notifications.Admin.AdminConsole;

/// <summary>
/// The console's page frame: one small inline style sheet and one small script (both under a per-response CSP
/// nonce), no external CDN or font, readable at phone width. Every value written into a page goes through
/// <see cref="E"/>.
/// </summary>
public static class ConsoleHtml
{
    private const string Style = """
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#f4f6f9}
        header{background:#1f3a5f;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}
        header strong{margin-right:auto}
        header a,header button{color:#fff;background:none;border:0;font:inherit;cursor:pointer;text-decoration:none;padding:.2rem 0;margin:0}
        header form{margin:0}
        header a[aria-current]{text-decoration:underline}
        main{max-width:60rem;margin:0 auto;padding:1rem}
        section,form.card{background:#fff;border:1px solid #d8dee8;border-radius:6px;padding:1rem;margin:0 0 1rem}
        h1{font-size:1.35rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:0 0 .6rem}
        label{display:block;font-weight:600;margin:.7rem 0 .2rem}
        label.inline{display:inline-flex;gap:.4rem;font-weight:400;align-items:center}
        input[type=text],input[type=password],input[type=number],input[type=email],select,textarea{width:100%;padding:.45rem;border:1px solid #b9c3d1;border-radius:4px;font:inherit}
        textarea{min-height:9rem;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
        button,.button{background:#1f5fbf;color:#fff;border:0;border-radius:4px;padding:.5rem .9rem;font:inherit;cursor:pointer;margin:.8rem .4rem 0 0}
        button.secondary{background:#5b6675}button.danger{background:#a33}
        .field-error,.error{color:#a11}.field-error{display:block;font-size:.9rem;margin-top:.2rem}
        .error,.ok,.note{border-radius:4px;padding:.6rem .8rem;margin:0 0 1rem}
        .error{background:#fde8e8;border:1px solid #f0b4b4}.ok{background:#e6f6ea;border:1px solid #a9dbb5;color:#125a2a}
        .note{background:#eef3fb;border:1px solid #c9d7ee}
        .badge{display:inline-block;border-radius:999px;padding:0 .5rem;font-size:.85rem;background:#e3e8ef}
        .badge.set{background:#d9f2df}.badge.unset{background:#f6e3c9}
        .fields button{margin:.2rem .3rem .2rem 0;padding:.2rem .5rem;background:#e3e8ef;color:#1d2430;font-family:ui-monospace,monospace;font-size:13px}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:0 1rem}
        .table{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e8ef;vertical-align:top}
        td.mono,code{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
        pre{white-space:pre-wrap;word-break:break-word;background:#f7f9fc;border:1px solid #e3e8ef;padding:.6rem;border-radius:4px}
        iframe{width:100%;min-height:16rem;border:1px solid #d8dee8;border-radius:4px;background:#fff}
        .outcome-delivered{color:#125a2a}.outcome-failed{color:#a11}.outcome-suppressed{color:#8a5a00}
        """;

    // Inserts a merge field at the cursor of the subject or body field last focused. On the template editor,
    // previews while typing (debounced; the latest answer wins) and names an unknown field before saving; the
    // Preview button stays for browsers without scripts.
    private const string Script = """
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
        """;

    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>The hidden anti-forgery field every form that changes something carries.</summary>
    public static string Antiforgery(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    /// <summary>A whole page; <paramref name="current"/> is the nav entry to mark, null on the sign-in page (no nav).</summary>
    public static IResult Page(HttpContext context, string title, string body, string? current, int status = StatusCodes.Status200OK)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; connect-src 'self'; img-src 'self' data:; " +
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; frame-src 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";

        var nav = current is null ? "" : $"""
            <a href="/console/settings"{Current(current, "settings")}>Settings</a>
            <a href="/console/templates"{Current(current, "templates")}>Templates</a>
            <a href="/console/test-email"{Current(current, "test-email")}>Test email</a>
            <a href="/console/test-channels"{Current(current, "test-channels")}>Test SMS/push</a>
            <a href="/console/log"{Current(current, "log")}>Delivery log</a>
            <form method="post" action="/console/sign-out">{Antiforgery(context)}<button type="submit" id="sign-out">Sign out</button></form>
            """;
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · Notifications console</title><style>{Style}</style></head>
            <body><header><strong>Notifications console</strong>{nav}</header>
            <main><h1>{E(title)}</h1>
            {body}
            </main><script nonce="{nonce}">{Script}</script></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static string Current(string current, string entry) => current == entry ? " aria-current=\"page\"" : "";

    /// <summary>The error beside a field, when that field is the one at fault.</summary>
    public static string FieldError(string field, string? errorField, string? error) =>
        errorField == field && error is not null ? $"<span class=\"field-error\" id=\"error-{E(field)}\" role=\"alert\">{E(error)}</span>" : "";
}
