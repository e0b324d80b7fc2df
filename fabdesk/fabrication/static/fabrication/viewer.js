// The 3D view of an uploaded model: drag to turn it, pinch or scroll to zoom.
// Each <div data-model-viewer data-mesh-url="…" data-colour="#rrggbb"> gets one; the mesh
// comes from the app as a compact binary (see fabrication/preview.py). Without WebGL the
// element keeps its thumbnail and says so.
import * as THREE from "./vendor/three/three.module.min.js";
import { OrbitControls } from "./vendor/three/OrbitControls.min.js";

const MAGIC = "FDM1";

function parseMesh(buffer) {
  const head = new DataView(buffer, 0, 12);
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, 4));
  if (magic !== MAGIC) throw new Error("not a preview");
  const vertexCount = head.getUint32(4, true);
  const faceCount = head.getUint32(8, true);
  const positions = new Float32Array(buffer, 12, vertexCount * 3);
  const indices = new Uint32Array(buffer, 12 + vertexCount * 12, faceCount * 3);
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute("position", new THREE.BufferAttribute(positions, 3));
  geometry.setIndex(new THREE.BufferAttribute(indices, 1));
  geometry.computeVertexNormals();
  return geometry;
}

function webglAvailable() {
  try {
    const canvas = document.createElement("canvas");
    return Boolean(canvas.getContext("webgl2") || canvas.getContext("webgl"));
  } catch {
    return false;
  }
}

function setState(element, state, message) {
  element.dataset.viewerState = state;
  const status = element.querySelector("[data-viewer-status]");
  if (status) status.textContent = message || "";
}

function buildScene(element, geometry) {
  const colour = element.dataset.colour || "#e88020";
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0xf6f7f9);
  const material = new THREE.MeshStandardMaterial({
    color: new THREE.Color(colour),
    flatShading: true,
    roughness: 0.7,
    metalness: 0.05,
    side: THREE.DoubleSide,
  });
  const mesh = new THREE.Mesh(geometry, material);
  geometry.computeBoundingBox();
  const box = geometry.boundingBox;
  const centre = box.getCenter(new THREE.Vector3());
  // The part sits on the bed (z = 0) at the origin, as on the printer.
  mesh.position.set(-centre.x, -centre.y, -box.min.z);
  scene.add(mesh);
  const size = box.getSize(new THREE.Vector3());
  const span = Math.max(size.x, size.y, size.z) || 1;
  const grid = new THREE.GridHelper(span * 1.6, 8, 0x9aa4ae, 0xd7dde3);
  grid.rotation.x = Math.PI / 2; // the bed is the XY plane, Z up
  scene.add(grid);
  scene.add(new THREE.HemisphereLight(0xffffff, 0x8899aa, 1.6));
  const sun = new THREE.DirectionalLight(0xffffff, 1.8);
  sun.position.set(-span, -span * 2, span * 3);
  scene.add(sun);
  return { scene, size, span, material };
}

async function mount(element) {
  if (element.dataset.viewerMounted) return;
  element.dataset.viewerMounted = "1";
  if (!webglAvailable()) {
    setState(element, "unavailable", element.dataset.noWebgl || "");
    return;
  }
  setState(element, "loading", element.dataset.loading || "");
  let geometry;
  try {
    const response = await fetch(element.dataset.meshUrl, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    geometry = parseMesh(await response.arrayBuffer());
  } catch (error) {
    setState(element, "failed", element.dataset.failed || String(error));
    return;
  }
  const { scene, size, span, material } = buildScene(element, geometry);
  const canvasBox = element.querySelector("[data-viewer-canvas]") || element;
  const renderer = new THREE.WebGLRenderer({ antialias: true });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
  canvasBox.replaceChildren(renderer.domElement);
  renderer.domElement.setAttribute("aria-label", element.dataset.label || "");
  renderer.domElement.setAttribute("role", "img");

  const camera = new THREE.PerspectiveCamera(35, 1, span / 100, span * 50);
  camera.up.set(0, 0, 1);
  camera.position.set(span * 1.1, -span * 1.5, span * 1.0 + size.z / 2);
  const controls = new OrbitControls(camera, renderer.domElement);
  controls.target.set(0, 0, size.z / 2);
  controls.enableDamping = true;
  controls.update();

  let frame = 0;
  const render = () => {
    frame = 0;
    if (controls.update()) request(); // damping still moving
    renderer.render(scene, camera);
  };
  const request = () => {
    if (!frame) frame = requestAnimationFrame(render);
  };
  const resize = () => {
    const width = canvasBox.clientWidth || 320;
    const height = Math.max(200, Math.round(width * 0.75));
    renderer.setSize(width, height, false);
    renderer.domElement.style.width = "100%";
    renderer.domElement.style.height = "auto";
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    request();
  };
  controls.addEventListener("change", request);
  new ResizeObserver(resize).observe(canvasBox);
  resize();
  element.addEventListener("viewer:colour", (event) => {
    material.color.set(event.detail);
    request();
  });
  setState(element, "ready", "");
}

function scan(root) {
  root.querySelectorAll("[data-model-viewer]").forEach((element) => mount(element));
}

scan(document);
document.addEventListener("htmx:load", (event) => scan(event.target));
// The colour picked in the form paints every model of the page.
document.addEventListener("change", (event) => {
  const option = event.target.selectedOptions?.[0];
  if (!event.target.matches("[data-colour-select]") || !option?.dataset.hex) return;
  document.querySelectorAll("[data-model-viewer]").forEach((element) => {
    element.dataset.colour = option.dataset.hex;
    element.dispatchEvent(new CustomEvent("viewer:colour", { detail: option.dataset.hex }));
  });
});
