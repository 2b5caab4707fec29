// Schema errors and unknown fields of one manifest. The Kubernetes schemas leave out "additionalProperties: false",
// so a misspelt field (readOnlyRootFileSystem) passes them, while kubectl, whose field validation is strict, refuses
// the manifest. The validators kubernetes-models ships are compiled code, not schemas to read, so this finds the
// fields they know by watching them work: the manifest goes in behind proxies that note each property the validator
// reads (it reads every property its schema names, present or not). A key it never read is unknown. Two kinds of
// object are read differently and left alone: maps (labels, a Secret's stringData), whose keys the validator lists,
// and free-form objects, of which it reads nothing.

/** Runs validate(manifest behind proxies); returns "path: message" for each schema error and each unknown field. */
export function checkUnknownFields(manifest, validate) {
  const read = new WeakMap(); // object -> the keys the validator read
  const listed = new WeakSet(); // objects whose keys the validator listed (maps)
  const proxies = new WeakMap();

  const track = (value) => {
    if (value === null || typeof value !== "object") return value;
    if (proxies.has(value)) return proxies.get(value);
    read.set(value, new Set());
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        if (typeof key === "string") read.get(target).add(key);
        return track(Reflect.get(target, key, receiver));
      },
      has(target, key) {
        if (typeof key === "string") read.get(target).add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        listed.add(target);
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };

  const problems = [];
  try {
    validate(track(manifest));
  } catch (error) {
    if (!Array.isArray(error.errors)) throw error;
    for (const e of error.errors) problems.push(`${e.instancePath || "/"}: ${e.message}`);
  }

  const walk = (value, path) => {
    if (value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${path}/${i}`));
      return;
    }
    const keys = read.get(value);
    const structured = keys !== undefined && keys.size > 0 && !listed.has(value);
    for (const [key, child] of Object.entries(value)) {
      if (structured && !keys.has(key)) problems.push(`${path}/${key}: unknown field (not in the schema)`);
      walk(child, `${path}/${key}`);
    }
  };
  walk(manifest, "");
  return problems;
}
