/** `GET /_eddy/export`'s path, apart from the export itself (which the admin API imports on the first export). */
export const EXPORT_PATH = /^\/_eddy\/export$/;
