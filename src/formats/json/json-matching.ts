/**
 * A maximum-cardinality matching in a bipartite graph (Kuhn's augmenting paths): left `i` may pair
 * with right `j` when `edges[i]` holds `j`. Returns, per left vertex, its right partner or -1.
 */
export const maximumMatching = (edges: ReadonlyArray<readonly number[]>, rightCount: number): number[] => {
  const rightPartner = new Array<number>(rightCount).fill(-1)
  const augment = (left: number, visited: boolean[]): boolean => {
    for (const right of edges[left]) {
      if (visited[right]) continue
      visited[right] = true
      if (rightPartner[right] < 0 || augment(rightPartner[right], visited)) {
        rightPartner[right] = left
        return true
      }
    }
    return false
  }
  for (let left = 0; left < edges.length; left++) augment(left, new Array<boolean>(rightCount).fill(false))
  const leftPartner = new Array<number>(edges.length).fill(-1)
  rightPartner.forEach((left, right) => {
    if (left >= 0) leftPartner[left] = right
  })
  return leftPartner
}
