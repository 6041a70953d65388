export const POSTGRES_TEMPLATE = 'cbm_template';
