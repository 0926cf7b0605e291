// What every screen may need from the app, through one hook:
//   const { user, navigate, online, signOut } = useApp();
// user: { id, username, role, patient_id } or null; navigate(path, { replace }).
import { createContext, useContext } from "./lib.js";

export const AppContext = createContext(null);

export function useApp() {
  return useContext(AppContext);
}
