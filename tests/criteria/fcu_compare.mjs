// France Chaleur Urbaine's comparator run on a dwelling comparable to the Cité 12/14's average
// (docs/case.md, "France Chaleur Urbaine's comparator"). Not run by the test suite: it needs
// Node, the publicodes and yaml packages, and the rules of betagouv/france-chaleur-urbaine-
// publicodes (src/*.publicodes) in a folder given as the first argument.
//
//   (in a scratch folder) npm install publicodes@1 yaml && cp .../fcu_compare.mjs .
//   node fcu_compare.mjs /path/to/france-chaleur-urbaine-publicodes/src 64.5 33
//
// Arguments after the folder: the network's price [€ TTC/MWh] and its fixed part [%], as
// computed by `decision evaluate --json` for cite_network (61.13 € HT × 1.055; 20.1 / 61.1).
import fs from 'fs';
import YAML from 'yaml';
import Engine from 'publicodes';

const [folder, price, fixedPart] = process.argv.slice(2);
const rules = {};
for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.publicodes'))) {
  const doc = YAML.parse(fs.readFileSync(`${folder}/${file}`, 'utf8'), { merge: true, maxAliasCount: -1 });
  for (const [name, rule] of Object.entries(doc || {})) if (!name.startsWith('x-')) rules[name] = rule;
}
const engine = new Engine(rules, { logger: { warn: () => {}, error: () => {}, log: () => {} } });
// A renovated miner's house: 66 m² at DPE C gives FCU 8.85 MWh of useful heat, as ours.
const dwelling = {
  'code département': "'62'",
  'température de référence chaud commune': -9,
  DPE: "'C'",
  'Température émetteurs': "'45'",
  'surface logement type tertiaire': 66,
  'Inclure la climatisation': 'non',
  'caractéristique réseau de chaleur . contenu CO2': 0.021,
  'caractéristique réseau de chaleur . contenu CO2 ACV': 0.045,
  'caractéristique réseau de chaleur . taux EnRR': 91.6,
  'caractéristique réseau de chaleur . prix moyen': Number(price),
  'caractéristique réseau de chaleur . part fixe': Number(fixedPart),
  'caractéristique réseau de chaleur . part variable': 100 - Number(fixedPart),
};
const systems = {
  gas_boiler: ['Gaz indiv avec cond', 'Gaz indiv avec cond x Individuel'],
  heat_pump: ['PAC air-eau indiv', 'PAC air-eau x Individuel'],
  network: ['Réseaux de chaleur', 'Réseaux de chaleur x Collectif'],
};
for (const dwellings of [1, 25]) {
  engine.setSituation({ ...dwelling, "nombre de logements dans l'immeuble concerné": dwellings });
  const value = (rule) => engine.evaluate(rule).nodeValue;
  const out = { dwellings, useful_heat_kwh: value('besoins chauffage par appartement') + value('besoins eau chaude sanitaire par appartement') };
  for (const [name, [bilan, env]] of Object.entries(systems)) {
    out[name] = {
      bill_eur_ttc: value(`Bilan x ${bilan} . P1abo`) + value(`Bilan x ${bilan} . P1conso`),
      full_cost_eur_ttc: value(`Bilan x ${bilan} . total sans aides`),
      co2_kg: value(`env . Installation x ${env} . Total`),
    };
  }
  console.log(JSON.stringify(out));
}
