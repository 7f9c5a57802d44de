// Shared by the server model and the browser form.
export const MAX_WORDING_LENGTH = 500;
