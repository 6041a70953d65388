import type { Db } from '../../db/client.ts';

export async function listDepartments(db: Db) {
  return db.department.findMany({
    select: { id: true, code: true, name: true, sphere: true, province: true, sector: true },
    orderBy: [{ sphere: 'asc' }, { name: 'asc' }],
  });
}
