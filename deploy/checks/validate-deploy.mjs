// Validates the deployment files as the cluster and Compose would read them, offline:
//   every document of every deploy/k8s/*.yaml against the Kubernetes schema of its apiVersion and kind
//   (kubernetes-models) or KEDA's (@kubernetes-models/keda), and docker-compose.yml against the compose
//   specification (compose-spec.json beside this file, with ajv).
// Usage: node validate-deploy.mjs [--k8s DIR] [--compose FILE]   (defaults: the repository's)
// Prints one line per problem ("file: Kind/name: where: what") and exits 1 when there is any.
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { parseAllDocuments } from "yaml";
import { checkUnknownFields } from "./unknown-fields.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? resolve(args[at + 1]) : fallback;
};
const k8sDir = option("--k8s", join(root, "deploy", "k8s"));
const composeFile = option("--compose", join(root, "docker-compose.yml"));

const problems = [];
const shown = (file) => (file.startsWith(root) ? relative(root, file) : file);
const report = (file, what) => problems.push(`${shown(file)}: ${what}`);

/** The module that holds the models of an apiVersion: "v1" is the core group, keda.sh comes from the KEDA package. */
function modelModule(apiVersion) {
  if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) return null;
  if (apiVersion.startsWith("keda.sh/") || apiVersion.startsWith("eventing.keda.sh/"))
    return `@kubernetes-models/keda/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

function yamlErrors(file, documents) {
  let failed = false;
  for (const document of documents)
    for (const error of document.errors) {
      report(file, `YAML: ${error.message.split("\n")[0]}`);
      failed = true;
    }
  return failed;
}

async function validateKubernetes(file) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  if (yamlErrors(file, documents)) return 0;
  let count = 0;
  for (const document of documents) {
    const manifest = document.toJS();
    if (manifest === null || manifest === undefined) continue;
    count++;
    const { apiVersion, kind } = manifest;
    const name = `${kind ?? "?"}/${manifest.metadata?.name ?? "?"}`;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      report(file, `${name}: apiVersion and kind are required`);
      continue;
    }
    const module = modelModule(apiVersion);
    let Model;
    try {
      Model = module && (await import(module))[kind];
    } catch {
      Model = undefined;
    }
    if (typeof Model !== "function" || typeof Model.prototype.validate !== "function") {
      report(file, `${name}: no schema for apiVersion ${apiVersion} kind ${kind} (a misspelt kind or an API the cluster does not serve)`);
      continue;
    }
    if (!manifest.metadata?.name) report(file, `${name}: metadata.name is required`);
    for (const problem of checkUnknownFields(manifest, (tracked) => Model.prototype.validate.call(tracked)))
      report(file, `${name}: ${problem}`);
  }
  return count;
}

function validateCompose(file) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"), { merge: true });
  if (yamlErrors(file, documents)) return;
  if (documents.length !== 1) {
    report(file, `a compose file is one YAML document, found ${documents.length}`);
    return;
  }
  const schema = JSON.parse(readFileSync(join(here, "compose-spec.json"), "utf8"));
  // The schema names draft-07 by its https address, which ajv does not list; draft-07 is ajv's own default.
  delete schema.$schema;
  // strict: false, as Compose itself reads the schema: it carries keywords of its own ("deprecated" and the like).
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(schema);
  if (!validate(documents[0].toJS({ maxAliasCount: -1 })))
    for (const error of validate.errors) {
      const extra = error.params?.additionalProperty ? ` (${error.params.additionalProperty})` : "";
      report(file, `${error.instancePath || "/"}: ${error.message}${extra}`);
    }
}

const manifests = readdirSync(k8sDir).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort();
if (manifests.length === 0) report(k8sDir, "no manifests (*.yaml) found");
let documents = 0;
for (const manifest of manifests) documents += await validateKubernetes(join(k8sDir, manifest));
validateCompose(composeFile);

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`deploy checks: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`deploy checks: ${documents} Kubernetes documents in ${manifests.length} files and ${basename(composeFile)} are valid`);
