// Progressive enhancement only: every page works without this script.
// It adds search and filters on the home page and column sorting on tables.
import { initFilter } from "./filter";
import { initSort } from "./sort";
import { initCompare } from "./compare";

document.documentElement.classList.add("js");
initFilter();
document.querySelectorAll<HTMLTableElement>("table.sortable").forEach(initSort);
initCompare();
