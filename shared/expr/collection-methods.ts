import { method, type MethodTable } from "./arguments";
import { pyEquals, pyIs } from "./compare";
import { pythonError } from "./errors";
import { pyRepr } from "./repr";
import { sliceIndices } from "./sequences";
import { PyDict, PyTuple, type PyValue } from "./values";

// keys(), values() and items() return lists rather than Python's views: the same for `in`, len(), iteration
// and indexing-free use, which is all an expression can do with them, apart from how they print.
export const DICT_METHODS: MethodTable<PyDict> = new Map([
  ["get", method<PyDict>(["key", "default?"], (self, [key, fallback]) => self.lookup(key!) ?? fallback ?? null)],
  ["keys", method<PyDict>([], (self) => self.keys())],
  ["values", method<PyDict>([], (self) => self.values())],
  ["items", method<PyDict>([], (self) => self.items().map((pair) => new PyTuple(pair)))],
]);

function sequenceMethods<Self>(kind: "list" | "tuple", itemsOf: (self: Self) => readonly PyValue[]): MethodTable<Self> {
  const matches = (item: PyValue, wanted: PyValue) => pyIs(item, wanted) || pyEquals(item, wanted);
  return new Map([
    ["count", method<Self>(["value"], (self, [wanted]) => BigInt(itemsOf(self).filter((item) => matches(item, wanted!)).length))],
    [
      "index",
      method<Self>(["value", "start?", "end?"], (self, [wanted, start, end]) => {
        const items = itemsOf(self);
        const found = sliceIndices(items.length, start ?? null, end ?? null, null).find((index) => matches(items[index]!, wanted!));
        if (found !== undefined) return BigInt(found);
        throw pythonError("ValueError", kind === "list" ? `${pyRepr(wanted!)} is not in list` : "tuple.index(x): x not in tuple");
      }),
    ],
  ]);
}

export const LIST_METHODS = sequenceMethods<PyValue[]>("list", (self) => self);
export const TUPLE_METHODS = sequenceMethods<PyTuple>("tuple", (self) => self.items);
