/** A list that was empty still refreshes when a datacenter is created. */
export const DATACENTER_LIST_CONTEXT = { additionalTypenames: ['Datacenter'] };

export const PAGE_SIZE = 25;
