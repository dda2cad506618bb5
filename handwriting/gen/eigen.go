package main

import (
	"math"
	"sort"
)

// eigenSym returns the eigenvalues of the symmetric n×n matrix a (row
// major, destroyed) in decreasing order, and the eigenvectors as rows in
// the same order, by cyclic Jacobi rotations. For the 512×512 covariance
// of the features it takes a few seconds.
func eigenSym(a []float64, n int) ([]float64, [][]float64) {
	v := make([]float64, n*n)
	for i := range n {
		v[i*n+i] = 1
	}
	for sweep := 0; sweep < 50; sweep++ {
		var off float64
		for p := range n {
			for q := p + 1; q < n; q++ {
				off += a[p*n+q] * a[p*n+q]
			}
		}
		if off < 1e-22 {
			break
		}
		for p := range n {
			for q := p + 1; q < n; q++ {
				apq := a[p*n+q]
				if math.Abs(apq) < 1e-30 {
					continue
				}
				theta := (a[q*n+q] - a[p*n+p]) / (2 * apq)
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				// rotate rows and columns p, q of a
				for k := range n {
					akp, akq := a[k*n+p], a[k*n+q]
					a[k*n+p] = c*akp - s*akq
					a[k*n+q] = s*akp + c*akq
				}
				for k := range n {
					apk, aqk := a[p*n+k], a[q*n+k]
					a[p*n+k] = c*apk - s*aqk
					a[q*n+k] = s*apk + c*aqk
				}
				for k := range n {
					vkp, vkq := v[k*n+p], v[k*n+q]
					v[k*n+p] = c*vkp - s*vkq
					v[k*n+q] = s*vkp + c*vkq
				}
			}
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool { return a[idx[i]*n+idx[i]] > a[idx[j]*n+idx[j]] })
	vals := make([]float64, n)
	vecs := make([][]float64, n)
	for r, i := range idx {
		vals[r] = a[i*n+i]
		vecs[r] = make([]float64, n)
		for k := range n {
			vecs[r][k] = v[k*n+i]
		}
		// a fixed sign, so that the output does not depend on rounding
		var big float64
		for _, x := range vecs[r] {
			if math.Abs(x) > math.Abs(big) {
				big = x
			}
		}
		if big < 0 {
			for k := range vecs[r] {
				vecs[r][k] = -vecs[r][k]
			}
		}
	}
	return vals, vecs
}
