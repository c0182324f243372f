import type { EntityManager, Repository } from 'typeorm';
import type { CustomerLink } from '../../src/customer-links/index.js';

/**
 * A view of the mapping repository whose next look-up inside a link transaction reads nothing, as if
 * another replica committed its link just after this one looked: the unique index must then decide.
 * `stale()` arms it again.
 */
export function staleFirstRead(repo: Repository<CustomerLink>): { repo: Repository<CustomerLink>; stale: () => void } {
  let stale = true;
  const manager = Object.create(repo.manager) as EntityManager;
  const transaction = (work: (inner: EntityManager) => Promise<unknown>) =>
    repo.manager.transaction((inner) => {
      const view = Object.create(inner) as EntityManager;
      view.findOneBy = (async (...args: Parameters<EntityManager['findOneBy']>) =>
        stale ? ((stale = false), null) : inner.findOneBy(...args)) as EntityManager['findOneBy'];
      return work(view);
    });
  manager.transaction = transaction as EntityManager['transaction'];
  const view = Object.create(repo, { manager: { value: manager } }) as Repository<CustomerLink>;
  return { repo: view, stale: () => (stale = true) };
}
