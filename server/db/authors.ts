/**
 * SQL for the name of the user whose id is `idSql`: their current name, or, once removed, the
 * name kept in `deleted_users` (as "Former user: Name" unless `plain`). Ids are never reused
 * (users is AUTOINCREMENT), so an id always names the person who wrote the row.
 *
 * @example
 * `SELECT m.*, ${authorNameSql('m.user_id')} AS staff_name FROM ticket_messages m`
 */
export const authorNameSql = (idSql: string, plain = false): string =>
  `coalesce((SELECT name FROM users WHERE id = ${idSql}),
    (SELECT ${plain ? '' : `'Former user: ' || `}name FROM deleted_users WHERE id = ${idSql}))`;
