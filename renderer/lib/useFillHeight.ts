import { useLayoutEffect, useRef, useState } from 'react';

/**
 * The height left below an element down to the window's bottom edge (at least `min`, less
 * `reserve` for what sits under it), kept current as the window resizes: a virtual table's body
 * scrolls inside it instead of the page.
 */
export function useFillHeight<T extends HTMLElement>(min: number, reserve = 96) {
  const ref = useRef<T>(null);
  const [height, setHeight] = useState(min);
  useLayoutEffect(() => {
    const measure = () => {
      const top = ref.current?.getBoundingClientRect().top ?? 0;
      setHeight(Math.max(min, Math.floor(window.innerHeight - top - reserve)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [min, reserve]);
  return { ref, height };
}
