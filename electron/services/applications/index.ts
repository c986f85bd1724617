export { Applications, type SigningKey } from './applications.ts';
export { Uploads } from './uploads.ts';
